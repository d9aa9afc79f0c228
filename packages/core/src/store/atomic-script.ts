/** An argument of an atomic script, passed to Lua as ARGV. */
export type ScriptArgument = string | number

/**
 * The reply shapes both sides of a script may return: what Redis can reply with. Lua numbers are
 * truncated to integers by Redis, so fractional numbers must travel as strings.
 */
export type ScriptReply = null | number | string | ScriptReply[]

/**
 * What the `local` side of an {@link AtomicScript} may do. Keys hold arbitrary JavaScript values
 * (numbers, strings, Maps, sorted structures) with an optional expiry; everything runs synchronously,
 * so a script is atomic within the process.
 */
export interface LocalScriptContext {
  /** Milliseconds since the epoch, from the store's clock (the Lua side uses Redis `TIME`). */
  now(): number
  /** The value at `key`, or `undefined` when missing or expired. */
  get<T = unknown>(key: string): T | undefined
  /** Stores `value` at `key`. `ttl` in milliseconds; omitted, any existing expiry is cleared. */
  set(key: string, value: unknown, ttl?: number): void
  /** Deletes `key`; true when it existed. */
  delete(key: string): boolean
  /** Remaining time to live in milliseconds; `-1` without expiry; `-2` when missing (as Redis `PTTL`). */
  pttl(key: string): number
  /** Sets the time to live of an existing key in milliseconds; false when missing (as Redis `PEXPIRE`). */
  pexpire(key: string, ttl: number): boolean
}

/**
 * An algorithm that must run atomically on a store, written once per side: `lua` for Redis,
 * `local` for in-process stores. Both sides must return the same reply for the same state; packages
 * test that on every backend.
 *
 * Every key the script touches is passed in `keys` (and must share one Redis Cluster hash tag);
 * everything else goes in `args`.
 *
 * @example
 * ```ts
 * const incrementScript = defineScript({
 *   name: 'increment',
 *   lua: `return redis.call('INCRBY', KEYS[1], ARGV[1])`,
 *   local: (context, [key], [by]) => {
 *     const next = (context.get<number>(key!) ?? 0) + Number(by)
 *     context.set(key!, next, context.pttl(key!) > 0 ? context.pttl(key!) : undefined)
 *     return next
 *   },
 * })
 * await store.run(incrementScript, ['counter'], [1])
 * ```
 */
export interface AtomicScript<TResult = ScriptReply> {
  /** A short unique name, used in errors. */
  readonly name: string
  /** Lua source for Redis (run with EVALSHA, KEYS and ARGV). */
  readonly lua: string
  /** SHA1 of `lua`, computed once by {@link defineScript}. */
  readonly sha1: string
  /** The same algorithm in JavaScript, run synchronously by in-process stores. */
  readonly local: (
    context: LocalScriptContext,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ) => TResult
}
