import type { RedisStore } from '../../src/index.js'

/** Which way a store call goes: reads (`getMany`, which `get` calls) or anything that writes. */
export type ReplyKind = 'read' | 'write'

/** The store methods that write; `set` and `delete` go through `setMany` and `deleteMany`. */
const WRITES = ['setMany', 'setIfVersion', 'deleteMany', 'deleteByPrefix', 'expire', 'stampTags'] as const

/**
 * Makes a real Redis store's replies arrive late, as on a slow network: each call is answered by
 * Redis at once, and its reply reaches the cache `delayOf(kind)` milliseconds later (`0` for none).
 * A generalisation of `lateReplies`, for property tests that draw the delays.
 */
export function delayReplies(store: RedisStore, delayOf: (kind: ReplyKind) => number): void {
  const late = async <T>(kind: ReplyKind, reply: Promise<T>): Promise<T> => {
    const value = await reply
    const delay = delayOf(kind)
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    return value
  }
  const getMany = store.getMany.bind(store)
  store.getMany = (keys) => late('read', getMany(keys))
  for (const name of WRITES) {
    const original = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store)
    ;(store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      late('write', original(...args))
  }
}
