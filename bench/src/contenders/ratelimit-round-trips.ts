import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { redisUrl } from '../harness/bench-redis.js'
import type { RatelimitContender } from './ratelimit-contenders.js'

/** What one contender's decisions cost on the wire. */
export interface RoundTrips {
  readonly name: string
  readonly decisions: number
  /** Commands sent to Redis that name the contender's keys (outside Lua), per decision. */
  readonly commandsPerDecision: number
  /** Everything its own connection sent, per decision (ioredis contenders only). */
  readonly connectionCommandsPerDecision: number | undefined
  /** HTTP requests per decision (the Upstash contenders, which talk HTTP through global `fetch`). */
  readonly httpRequestsPerDecision: number
  /** The distinct command names it sent. */
  readonly commandNames: readonly string[]
}

const MARKER_WAIT_MILLISECONDS = 5_000

// ioredis marks a connection as monitoring only once MONITOR's OK has been handled, so on a busy
// server the first lines can arrive as replies to nothing and be emitted as "Command queue state
// error" — which crashes the process without an error listener (redis.monitor() has only a one-off
// one; events.once would reject on it too). Those lines come from before the counting window: they
// are dropped.
async function openMonitor(): Promise<Redis> {
  const monitor = new Redis(redisUrl(), { monitor: true, maxRetriesPerRequest: 1 })
  monitor.on('error', () => {})
  await monitoringWithin(monitor, MARKER_WAIT_MILLISECONDS)
  return monitor
}

/**
 * Runs `decisions` of `contender` (`concurrency` at a time, after a warm-up that loads its scripts)
 * while MONITOR, on a second connection, records what Redis ran, and global `fetch` is counted. A
 * command counts when it names one of the contender's keys and is not run by a Lua script; for a
 * contender with its own ioredis connection, everything that connection sent is counted as well, so
 * a command that names no key cannot hide. The window closes with an ECHO marker.
 */
export async function measureRoundTrips(
  contender: RatelimitContender,
  identifiers: readonly string[],
  concurrency: number,
): Promise<RoundTrips> {
  for (const identifier of identifiers.slice(0, 20)) await contender.decide(identifier)
  const address =
    contender.client === undefined
      ? undefined
      : /\baddr=(\S+)/.exec(String(await contender.client.client('INFO')))?.[1]
  const marker = `lc-bench-ratelimit-end-${randomBytes(6).toString('hex')}`
  const monitor = await openMonitor()
  const named: string[] = []
  let connectionCommands = 0
  let sawMarker: () => void = () => {}
  const ended = new Promise<void>((resolve) => {
    sawMarker = resolve
  })
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) sawMarker()
    else if (source !== 'lua') {
      if (source === address) connectionCommands++
      if (args.some((arg) => arg.includes(contender.keyPrefix))) named.push(args[0]!.toUpperCase())
    }
  })
  const originalFetch = globalThis.fetch
  let httpRequests = 0
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    httpRequests++
    return originalFetch(...args)
  }) as typeof fetch
  try {
    let next = 0
    const worker = async () => {
      while (next < identifiers.length) await contender.decide(identifiers[next++]!)
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    globalThis.fetch = originalFetch
  }
  const admin = new Redis(redisUrl(), { maxRetriesPerRequest: 1 })
  try {
    await admin.echo(marker)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      ended,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('MONITOR never showed the marker')),
          MARKER_WAIT_MILLISECONDS,
        )
      }),
    ]).finally(() => clearTimeout(timer))
  } finally {
    admin.disconnect()
    monitor.disconnect()
  }
  const decisions = identifiers.length
  return {
    name: contender.name,
    decisions,
    commandsPerDecision: named.length / decisions,
    connectionCommandsPerDecision: address === undefined ? undefined : connectionCommands / decisions,
    httpRequestsPerDecision: httpRequests / decisions,
    commandNames: [...new Set(named)].sort(),
  }
}

/** Resolves when `monitor` has entered monitoring mode; rejects after `milliseconds`. */
function monitoringWithin(monitor: Redis, milliseconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('MONITOR did not start')), milliseconds)
    monitor.once('monitoring', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
