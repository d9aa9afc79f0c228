import { randomBytes } from 'node:crypto'
import type { RedisAddress } from '@layercache/test-utils'
import { Redis } from 'ioredis'

/** One command as MONITOR reported it. `source` is the client's address, or `lua` inside a script. */
export interface LoggedCommand {
  args: string[]
  source: string
}

/** MONITOR on one or more Redis servers (every master of a cluster), collecting what they ran. */
export interface CommandLog {
  /** Waits until every server has reported everything it ran before this call, then stops. */
  stop(): Promise<LoggedCommand[]>
}

/**
 * Starts MONITOR on every address. `stop()` sends an ECHO marker to each server on a separate
 * connection and waits for it in the log, so every command that completed before `stop()` is in it.
 */
export async function startCommandLog(addresses: readonly RedisAddress[]): Promise<CommandLog> {
  const marker = `ratelimit-test-end-${randomBytes(6).toString('hex')}`
  const commands: LoggedCommand[] = []
  const sessions = await Promise.all(
    addresses.map(async ({ host, port }) => {
      const monitor = new Redis({ host, port, monitor: true })
      // ioredis marks a connection as monitoring only once MONITOR's OK has been handled, so on a
      // busy server the first lines can arrive as replies to nothing and be emitted as "Command
      // queue state error", which crashes the process without an error listener (redis.monitor()
      // has only a one-off one; events.once would reject on it too). Those lines come from before
      // the log starts: they are dropped.
      monitor.on('error', () => {})
      await monitoringWithin(monitor, 5000)
      let sawMarker: () => void = () => {}
      const markerSeen = new Promise<void>((resolve) => {
        sawMarker = resolve
      })
      monitor.on('monitor', (_time: string, args: string[], source: string) => {
        if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) sawMarker()
        else commands.push({ args, source })
      })
      return { host, port, monitor, markerSeen }
    }),
  )
  return {
    async stop() {
      await Promise.all(
        sessions.map(async ({ host, port, monitor, markerSeen }) => {
          const admin = new Redis({ host, port })
          await admin.echo(marker)
          admin.disconnect()
          await markerSeen
          monitor.disconnect()
        }),
      )
      return commands
    },
  }
}

/** The address of a `redis://host:port` URL. */
export function addressOf(url: string): RedisAddress {
  const { hostname, port } = new URL(url)
  return { host: hostname, port: Number(port || 6379) }
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
