import type { AtomicScript, ScriptArgument } from '@layercache/core'
import { isReplyError, type RedisCommand, type RedisDriver } from '../driver/redis-driver.js'

const isNoScript = (reply: unknown) => reply instanceof Error && /NOSCRIPT/i.test(reply.message)

/** The EVALSHA command of a script call. */
export function evalshaCommand(
  script: AtomicScript<unknown>,
  keys: readonly string[],
  args: readonly ScriptArgument[],
): RedisCommand {
  return ['EVALSHA', script.sha1, keys.length, ...keys, ...args]
}

/** The EVAL command of a script call (also caches the script on the server). */
export function evalCommand(
  script: AtomicScript<unknown>,
  keys: readonly string[],
  args: readonly ScriptArgument[],
): RedisCommand {
  return ['EVAL', script.lua, keys.length, ...keys, ...args]
}

/**
 * Runs script calls as a batch of EVALSHA commands; the calls a server does not know yet (NOSCRIPT)
 * are sent again as EVAL. Replies are aligned with the calls; a failed call is an `Error` in its slot.
 */
export async function runScripts(
  driver: RedisDriver,
  calls: readonly {
    script: AtomicScript<unknown>
    keys: readonly string[]
    args: readonly ScriptArgument[]
  }[],
): Promise<unknown[]> {
  if (calls.length === 1) return [await runOne(driver, calls[0]!)]
  const routing = calls.map((call) => call.keys[0])
  const replies = await driver.batch(
    calls.map((call) => evalshaCommand(call.script, call.keys, call.args)),
    routing,
  )
  const missing = replies.flatMap((reply, index) => (isNoScript(reply) ? [index] : []))
  if (missing.length > 0) {
    const retried = await driver.batch(
      missing.map((index) => evalCommand(calls[index]!.script, calls[index]!.keys, calls[index]!.args)),
      missing.map((index) => routing[index]),
    )
    missing.forEach((index, position) => {
      replies[index] = retried[position]
    })
  }
  return replies
}

/**
 * One script call without the batch machinery (the common case: a rate-limit decision, a lock, a
 * single-key read). Redis reply errors come back as values, like in a batch, so they never count as
 * transport failures.
 */
async function runOne(
  driver: RedisDriver,
  call: { script: AtomicScript<unknown>; keys: readonly string[]; args: readonly ScriptArgument[] },
): Promise<unknown> {
  try {
    return await driver.call(evalshaCommand(call.script, call.keys, call.args), call.keys[0])
  } catch (error) {
    if (!isReplyError(error)) throw error
    if (!isNoScript(error)) return error
  }
  try {
    return await driver.call(evalCommand(call.script, call.keys, call.args), call.keys[0])
  } catch (error) {
    if (isReplyError(error)) return error
    throw error
  }
}
