import type { AtomicScript, LocalScriptContext, ScriptArgument } from './atomic-script.js'
import { sha1Hex } from './sha1.js'

/** What {@link defineScript} needs: both sides of the algorithm. */
export interface ScriptDefinition<TResult> {
  /** A short unique name, used in errors. */
  name: string
  /** Lua source for Redis. */
  lua: string
  /** The JavaScript side, run synchronously by in-process stores. */
  local: (context: LocalScriptContext, keys: readonly string[], args: readonly ScriptArgument[]) => TResult
}

/**
 * Declares an {@link AtomicScript}, computing the SHA1 of its Lua source once.
 *
 * @example
 * ```ts
 * const getScript = defineScript({
 *   name: 'get',
 *   lua: `return redis.call('GET', KEYS[1])`,
 *   local: (context, [key]) => context.get<string>(key!) ?? null,
 * })
 * ```
 */
export function defineScript<TResult>(definition: ScriptDefinition<TResult>): AtomicScript<TResult> {
  return Object.freeze({ ...definition, sha1: sha1Hex(definition.lua) })
}
