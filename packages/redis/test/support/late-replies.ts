import type { StoreRead } from '@layercache/core'
import type { RedisStore } from '../../src/index.js'

/**
 * Makes a real Redis store's read replies arrive late, as on a slow network: while held, a read is
 * answered by Redis at once but its reply reaches the cache only on `release()`. Everything else
 * (writes, deletes, scripts) goes straight through.
 */
export interface LateReplies {
  /** Holds the replies of reads from now on; resolves the returned promise once one was held. */
  hold(): { held: Promise<void>; release: () => void }
}

/** Patches `store`'s `get` and `getMany` so their replies can be held (see {@link LateReplies}). */
export function lateReplies(store: RedisStore): LateReplies {
  let gate: { promise: Promise<void>; onHeld: () => void } | undefined
  const get = store.get.bind(store)
  const getMany = store.getMany.bind(store)
  const delayed = async <T>(reply: Promise<T>): Promise<T> => {
    const current = gate
    const value = await reply
    if (current !== undefined) {
      current.onHeld()
      await current.promise
    }
    return value
  }
  store.get = (key: string): Promise<StoreRead> => delayed(get(key))
  store.getMany = (keys: readonly string[]): Promise<StoreRead[]> => delayed(getMany(keys))
  return {
    hold() {
      let release: () => void = () => {}
      let onHeld: () => void = () => {}
      const promise = new Promise<void>((resolve) => {
        release = resolve
      })
      const held = new Promise<void>((resolve) => {
        onHeld = resolve
      })
      gate = { promise, onHeld }
      return {
        held,
        release: () => {
          gate = undefined
          release()
        },
      }
    },
  }
}
