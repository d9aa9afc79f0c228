import type { AtomicScript, ScriptArgument } from '@layercache/core/store'
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
 * The first call that finds a script missing on the server (NOSCRIPT: after a restart, a failover or
 * SCRIPT FLUSH) sends it whole with EVAL; the calls that find it missing meanwhile wait for that one
 * and then try EVALSHA again, instead of each sending the whole script (a burst of a thousand calls
 * would otherwise send it a thousand times and pass its timeout). Per driver and script.
 */
const reloading = new WeakMap<RedisDriver, Map<string, Promise<unknown>>>()

/**
 * One script call without the batch machinery (the common case: a rate-limit decision, a lock, a
 * single-key read). Redis reply errors come back as values, like in a batch, so they never count as
 * transport failures.
 */
function runOne(
  driver: RedisDriver,
  call: { script: AtomicScript<unknown>; keys: readonly string[]; args: readonly ScriptArgument[] },
): Promise<unknown> {
  return runScript(driver, call.script, evalshaCommand(call.script, call.keys, call.args), call.keys[0])
}

/**
 * One script call as a ready `EVALSHA` command (`['EVALSHA', sha1, numkeys, ...keys, ...args]`): one
 * round trip and no allocation beyond the client's while the server knows the script. A `NOSCRIPT`
 * takes the shared reload above. Redis reply errors come back as values.
 */
export function runScript(
  driver: RedisDriver,
  script: AtomicScript<unknown>,
  evalsha: RedisCommand,
  routing: string | undefined,
): Promise<unknown> {
  return driver.call(evalsha, routing).then(undefined, (error: unknown) => {
    if (!isReplyError(error)) throw error
    return isNoScript(error) ? reload(driver, script, evalsha, routing) : error
  })
}

/** After a `NOSCRIPT`: wait for a load already under way and retry, or load the script with `EVAL`. */
async function reload(
  driver: RedisDriver,
  script: AtomicScript<unknown>,
  evalsha: RedisCommand,
  routing: string | undefined,
): Promise<unknown> {
  let inFlight = reloading.get(driver)
  if (inFlight === undefined) reloading.set(driver, (inFlight = new Map()))
  const loading = inFlight.get(script.sha1)
  if (loading !== undefined) {
    await loading.catch(() => {})
    const again = await settle(() => driver.call(evalsha, routing))
    if (!isNoScript(again.reply) || again.thrown) return unwrap(again)
  }
  const evaluate: RedisCommand = ['EVAL', script.lua, ...evalsha.slice(2)]
  const evaluating = settle(() => driver.call(evaluate, routing))
  if (loading === undefined) inFlight.set(script.sha1, evaluating)
  try {
    return unwrap(await evaluating)
  } finally {
    if (inFlight.get(script.sha1) === evaluating) inFlight.delete(script.sha1)
  }
}

/** A call's outcome: Redis reply errors as values, transport failures marked as thrown. */
async function settle(send: () => Promise<unknown>): Promise<{ reply: unknown; thrown: boolean }> {
  try {
    return { reply: await send(), thrown: false }
  } catch (error) {
    return isReplyError(error) ? { reply: error, thrown: false } : { reply: error, thrown: true }
  }
}

function unwrap(outcome: { reply: unknown; thrown: boolean }): unknown {
  if (outcome.thrown) throw outcome.reply
  return outcome.reply
}
