import { createManualClock, type ManualClock, type Store } from '@layercache/core'
import { afterAll, beforeEach } from 'vitest'
import {
  createLock,
  createRedlock,
  type Lock,
  type LockSharedOptions,
  type Redlock,
} from '../../src/index.js'

/** Creates a store for one test; called several times per test for Redlock. */
export type StoreFactory = () => Store | Promise<Store>

/** Options of the lock conformance suite. */
export interface LockConformanceOptions {
  /**
   * Deletes the keys of a store the factory made, and releases whatever else it made, after the
   * suite. Without it, the stores are only closed: enough for memory stores, never for Redis (give
   * each store its own prefix and delete its raw keys, e.g. with `deleteKeysWithPrefix`: a store's
   * `deleteByPrefix` is for cache entries and leaves the keys of lock scripts alone).
   */
  cleanup?: (store: Store) => Promise<void> | void
}

/** Per-test stores and a unique key prefix; the stores are cleaned up and closed after the suite. */
export interface LockFixture {
  /** The test's store. */
  readonly store: Store
  /** The test's unique key prefix (no braces). */
  readonly prefix: string
  /**
   * The clock the test's locks measure round trips and validity with, frozen unless the test moves
   * it: a round trip slower than a short TTL on a busy machine does not make an acquire fail. Key
   * expiry stays the store's (real time); waits and the keeper's timers run on real time too.
   */
  readonly clock: ManualClock
  /** A Lock on the test's store (or `store`) under the test's prefix. */
  lock(options?: Partial<LockSharedOptions> & { store?: Store }): Lock
  /** `count` more stores from the factory, for Redlock. */
  moreStores(count: number): Promise<Store[]>
  /** A Redlock on `stores` under the test's prefix. */
  redlock(stores: readonly Store[], options?: Partial<LockSharedOptions>): Redlock
}

let sequence = 0

export function useLockFixture(createStore: StoreFactory, options: LockConformanceOptions = {}): LockFixture {
  const created: Store[] = []
  let store: Store
  let prefix: string
  let clock: ManualClock

  const newStore = async () => {
    const made = await createStore()
    made.attach?.({ clock: { now: Date.now } })
    created.push(made)
    return made
  }

  beforeEach(async () => {
    prefix = `lockconf${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 8)}`
    store = await newStore()
    clock = createManualClock(1_000_000)
  })

  afterAll(async () => {
    for (const made of created) {
      await options.cleanup?.(made)
      await made.close()
    }
  })

  return {
    get store() {
      return store
    },
    get prefix() {
      return prefix
    },
    get clock() {
      return clock
    },
    lock: (lockOptions = {}) =>
      createLock({ prefix, clock, ...lockOptions, store: lockOptions.store ?? store }),
    moreStores: async (count) => Promise.all(Array.from({ length: count }, newStore)),
    redlock: (stores, lockOptions = {}) => createRedlock({ stores, prefix, clock, ...lockOptions }),
  }
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
