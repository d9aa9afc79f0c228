import { errors, LayercacheError } from '@layercache/core'
import type { LockOptions } from './lock-options.js'
import { resolveLockSettings } from './lock-settings.js'
import { LockerBase } from './locker.js'

/**
 * Distributed locks on one store: `createMemoryStore()` for one process, or `createRedisStore({ client })` for
 * every process that shares the Redis.
 *
 * - acquire is SET NX PX with a random 128-bit owner token; release and extend are owner-checked
 *   scripts, so an expired holder never deletes the next owner's lock;
 * - every handle carries a fencing token that increases per resource (`handle.fence`);
 * - a handle is only handed back while still valid (`ttl - elapsed - drift > 0`).
 *
 * @example
 * ```ts
 * const lock = createLock({ store: createMemoryStore() })
 * const handle = await lock.acquire('invoice:42', { ttl: 10 })
 * if (handle) {
 *   try { await render() } finally { await handle.release() }
 * }
 * await lock.withLock('invoice:42', async (signal, handle) => render(signal, handle.fence), { ttl: 10, wait: '5s' })
 * ```
 */
export class Lock extends LockerBase {
  /** @internal Made by {@link createLock}. */
  constructor(options: LockOptions) {
    if (typeof options !== 'object' || options === null || options.store === undefined) {
      throw new LayercacheError(
        errors.INVALID_OPTION,
        'createLock({ store }) needs a store: createMemoryStore() or createRedisStore({ client })',
      )
    }
    super(resolveLockSettings([options.store], options))
  }
}

/**
 * Makes a {@link Lock} on one store.
 *
 * @example
 * ```ts
 * const lock = createLock({ store: createMemoryStore() })
 * ```
 */
export function createLock(options: LockOptions): Lock {
  return new Lock(options)
}
