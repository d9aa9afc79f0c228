import type { Redis } from 'ioredis'
import { type JsonReply, toJsonReply } from './reply-encoding.js'
import type { RestCommand } from './rest-command.js'

/** One entry of a `/pipeline` or `/multi-exec` answer, as Upstash shapes it. */
export type CommandOutcome = { result: JsonReply } | { error: string }

/**
 * Commands that can block for their whole timeout. Sent on the shared connection they would stall
 * every other request, so a request containing one runs on a short-lived connection of its own.
 * This matters for pipelines too: `@upstash/redis` auto-pipelines, so most commands arrive there.
 */
const BLOCKING_COMMANDS = new Set([
  'blmove',
  'blmpop',
  'blpop',
  'brpop',
  'brpoplpush',
  'bzmpop',
  'bzpopmax',
  'bzpopmin',
  'wait',
  'xread',
  'xreadgroup',
])

/**
 * Runs one command and returns its reply in Upstash's JSON shape. Redis errors are thrown as they
 * come (ioredis `ReplyError`), so the caller can answer 400 with the Redis message.
 *
 * @example
 * ```ts
 * await runCommand(redis, ['get', 'k'], true) // 'dg==' when k is 'v'
 * ```
 */
export function runCommand(redis: Redis, command: RestCommand, base64: boolean): Promise<JsonReply> {
  const [name, ...args] = command
  return withConnectionFor(redis, [command], async (connection) =>
    toJsonReply(await connection.callBuffer(name, args), base64),
  )
}

/**
 * Runs commands back to back without a transaction. As on Upstash, a failing command does not stop
 * the others; each gets its own `{ result }` or `{ error }`.
 *
 * @example
 * ```ts
 * await runPipeline(redis, [['set', 'k', 'v'], ['incr', 'k']], false)
 * // [{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }]
 * ```
 */
export async function runPipeline(
  redis: Redis,
  commands: RestCommand[],
  base64: boolean,
): Promise<CommandOutcome[]> {
  // ioredis writes each command as soon as it is called, so these go out pipelined, in order.
  const settled = await withConnectionFor(redis, commands, (connection) =>
    Promise.allSettled(commands.map(([name, ...args]) => connection.callBuffer(name, args))),
  )
  return settled.map((outcome) =>
    outcome.status === 'fulfilled'
      ? { result: toJsonReply(outcome.value, base64) }
      : { error: errorMessage(outcome.reason) },
  )
}

/**
 * Runs commands inside MULTI/EXEC. Errors from individual commands come back per entry, as Redis
 * executes the rest anyway; a transaction Redis discards (EXECABORT) is thrown as a whole.
 *
 * @example
 * ```ts
 * await runMultiExec(redis, [['incr', 'n'], ['get', 'n']], false) // [{ result: 1 }, { result: '1' }]
 * ```
 */
export async function runMultiExec(
  redis: Redis,
  commands: RestCommand[],
  base64: boolean,
): Promise<CommandOutcome[]> {
  const transaction = redis.multi()
  for (const [name, ...args] of commands) transaction.callBuffer(name, args)
  const replies = (await transaction.exec()) ?? []
  return replies.map(([error, reply]) =>
    error ? { error: errorMessage(error) } : { result: toJsonReply(reply, base64) },
  )
}

async function withConnectionFor<T>(
  redis: Redis,
  commands: RestCommand[],
  run: (connection: Redis) => Promise<T>,
): Promise<T> {
  if (!commands.some(([name]) => BLOCKING_COMMANDS.has(name.toLowerCase()))) return run(redis)
  const dedicated = redis.duplicate({ lazyConnect: true })
  // Errors reach the caller through the rejected command; the event would only crash the process.
  dedicated.on('error', () => {})
  try {
    await dedicated.connect()
    return await run(dedicated)
  } finally {
    dedicated.disconnect()
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
