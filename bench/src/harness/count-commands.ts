import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { redisUrl } from './bench-redis.js'

/** What {@link countCommands} saw while `run` ran. */
export interface CommandCount {
  /** Commands the watched connection sent, in order (name and first argument). */
  readonly commands: readonly string[]
  /** Commands run by Lua scripts meanwhile. MONITOR does not say whose script ran them. */
  readonly luaCommands: number
}

const MARKER_WAIT_MILLISECONDS = 5_000

/**
 * Counts the commands one connection sends while `run` runs, with MONITOR on a second connection:
 * only lines whose source is the watched connection's address count, so other people's commands on
 * a shared Redis do not, and neither do commands that Lua scripts run (their source is `lua`). The
 * window is fenced by two ECHO markers sent on the watched connection itself.
 *
 * @example
 * ```ts
 * const { commands } = await countCommands(client, () => cache.getBatch(keys))
 * ```
 */
export async function countCommands(watched: Redis, run: () => Promise<unknown>): Promise<CommandCount> {
  const address = /\baddr=(\S+)/.exec(String(await watched.client('INFO')))?.[1]
  if (address === undefined) throw new Error('CLIENT INFO did not report the address')
  const tag = randomBytes(6).toString('hex')
  const start = `lc-bench-start-${tag}`
  const end = `lc-bench-end-${tag}`
  // A connection in monitor mode from the start: on a busy Redis, MONITOR lines can arrive before
  // \`monitor()\` switches an ordinary connection's mode, which ioredis reports as an error.
  const monitor = new Redis(redisUrl(), { monitor: true, maxRetriesPerRequest: 1 })
  monitor.on('error', () => {})
  await new Promise<void>((resolve) => monitor.once('monitoring', () => resolve()))
  const commands: string[] = []
  let luaCommands = 0
  let state: 'before' | 'inside' | 'after' = 'before'
  let sawEnd: () => void = () => {}
  const ended = new Promise<void>((resolve) => {
    sawEnd = resolve
  })
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const isMarker = source === address && args[0]?.toLowerCase() === 'echo'
    if (isMarker && args[1] === start) state = 'inside'
    else if (isMarker && args[1] === end) {
      state = 'after'
      sawEnd()
    } else if (state === 'inside' && source === address) commands.push(args.slice(0, 2).join(' '))
    else if (state === 'inside' && source === 'lua') luaCommands++
  })
  try {
    await watched.echo(start)
    await run()
    await watched.echo(end)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      ended,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('MONITOR never showed the end marker')),
          MARKER_WAIT_MILLISECONDS,
        )
      }),
    ]).finally(() => clearTimeout(timer))
    return { commands, luaCommands }
  } finally {
    monitor.disconnect()
  }
}
