import type { LocalScriptContext } from '@layercache/core/store'

/**
 * One limit as a single call sees it. The Lua side builds the same table, field for field, so both
 * sides reply alike. Times are milliseconds since the epoch, from the store's clock.
 */
export interface Evaluation {
  /** Tokens that could be spent now. */
  readonly available: number
  /** When the limit is back to full capacity; `now` when it already is. */
  readonly reset: number
  /** Milliseconds until `cost` tokens are available: `0` now, `-1` never (cost above capacity). */
  readonly retry: number
  /** Spends `cost` tokens and writes the state with its TTL; returns the new `reset`. */
  commit(): number
  /** Gives `cost` tokens back (never above capacity); returns `[available, reset]` afterwards. */
  refund(): [number, number]
}

/**
 * An algorithm written twice. `lua` assigns `algorithms['<code>'] = function(key, now, cost, a, b, c)`
 * returning a table with the fields of {@link Evaluation}; `evaluate` is the same function in
 * JavaScript over the memory store's script space. The limit script dispatches on `code`.
 *
 * The state's TTL always ends when the state would be equivalent to a missing key, so a store that
 * drops expired keys (memory) and one that keeps them a little longer answer the same.
 */
export interface AlgorithmImplementation {
  readonly code: string
  readonly lua: string
  evaluate(
    context: LocalScriptContext,
    key: string,
    now: number,
    cost: number,
    a: number,
    b: number,
    c: number,
  ): Evaluation
}
