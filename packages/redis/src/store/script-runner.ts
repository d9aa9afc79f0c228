import type { AtomicScript, ScriptArgument } from '@layercache/core'
import type { RedisCommand, RedisDriver } from '../driver/redis-driver.js'

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
