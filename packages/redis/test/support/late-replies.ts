import type { StoreRead } from '@layercache/core/store'
import type { RedisStore } from '../../src/index.js'

/**
 * Makes a real Redis store's read replies arrive late, as on a slow network: while held, a read (of
 * entries or of tag records) is answered by Redis at once but its reply reaches the cache only on
 * `release()`. Everything else (writes, deletes, scripts) goes straight through.
 */
export interface LateReplies {
  /**
   * Holds the replies of reads from now on (`'all'`), or only those of tag records (`'stamps'`);
   * resolves `held` once one was held.
   */
  hold(what?: 'all' | 'stamps'): { held: Promise<void>; release: () => void }
}

/** Patches `store`'s `get` and `getMany` so their replies can be held (see {@link LateReplies}). */
export function lateReplies(store: RedisStore): LateReplies {
  let gate: { promise: Promise<void>; onHeld: () => void; what: 'all' | 'stamps' } | undefined
  const get = store.get.bind(store)
  const getMany = store.getMany.bind(store)
  const getTagStamps = store.getTagStamps.bind(store)
  const delayed = async <T>(reply: Promise<T>, kind: 'entries' | 'stamps' = 'entries'): Promise<T> => {
    const current = gate !== undefined && (gate.what === 'all' || kind === 'stamps') ? gate : undefined
    const value = await reply
    if (current !== undefined) {
      current.onHeld()
      await current.promise
    }
    return value
  }
  store.get = (key: string): Promise<StoreRead> => delayed(get(key))
  store.getMany = (keys: readonly string[]): Promise<StoreRead[]> => delayed(getMany(keys))
  store.getTagStamps = (tagKeys: readonly string[]) => delayed(getTagStamps(tagKeys), 'stamps')
  return {
    hold(what = 'all') {
      let release: () => void = () => {}
      let onHeld: () => void = () => {}
      const promise = new Promise<void>((resolve) => {
        release = resolve
      })
      const held = new Promise<void>((resolve) => {
        onHeld = resolve
      })
      gate = { promise, onHeld, what }
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
