import type { ScriptRunner } from '@layercache/core'
import type { AtomicScript, ScriptArgument } from '@layercache/core/store'

/** The reply of one store, or the error it failed with. */
export type StoreOutcome<TReply> = { ok: true; reply: TReply } | { ok: false; error: unknown }

/**
 * Runs `script` on every store at once and collects each store's reply or error; never rejects.
 * A memory store runs the script synchronously, within this call.
 */
export function runOnEveryStore<TReply>(
  stores: readonly ScriptRunner[],
  script: AtomicScript<TReply>,
  keys: readonly string[],
  args: readonly ScriptArgument[],
): Promise<StoreOutcome<TReply>[]> {
  return Promise.all(
    stores.map((store) =>
      new Promise<TReply>((resolve) => resolve(store.run(script, keys, args))).then(
        (reply): StoreOutcome<TReply> => ({ ok: true, reply }),
        (error: unknown): StoreOutcome<TReply> => ({ ok: false, error }),
      ),
    ),
  )
}

/** The errors among `outcomes`. */
export function failuresOf(outcomes: readonly StoreOutcome<unknown>[]): unknown[] {
  const failures: unknown[] = []
  for (const outcome of outcomes) if (!outcome.ok) failures.push(outcome.error)
  return failures
}
