import type { RedlockOptions } from './lock-options.js'
import { resolveLockSettings } from './lock-settings.js'
import { LockerBase } from './locker.js'

/**
 * Locks held on a majority of independent stores (the Redlock algorithm), with the same API as
 * {@link Lock}: the lock survives the loss of a minority of the stores.
 *
 * - acquire runs on every store at once with one owner token and succeeds on a majority within the
 *   validity (`ttl - elapsed - drift`); otherwise every store is cleaned up before retrying;
 * - release and extend are owner-checked on every store and count as done on a majority;
 * - `handle.fence` is the largest fence the majority issued; before the handle is returned, the
 *   counters of a majority are at least that fence (issued it themselves, or raised to it in one more
 *   round trip when the stores' counters disagreed), so the next holder's fence is larger.
 *
 * Like any Redlock, its safety assumes the stores do not lose acknowledged writes (no failover to
 * a replica behind the primary) and that clocks drift by no more than `driftFactor`.
 *
 * @example
 * ```ts
 * const lock = createRedlock({ stores: [createRedisStore({ client: a }), createRedisStore({ client: b }), createRedisStore({ client: c })] })
 * await lock.withLock('invoice:42', async (signal, handle) => render(signal, handle.fence), { ttl: 10 })
 * ```
 */
export class Redlock extends LockerBase {
  /** @internal Made by {@link createRedlock}. */
  constructor(options: RedlockOptions) {
    super(resolveLockSettings(options?.stores, options))
  }

  /** How many stores must agree: a majority. */
  get quorum(): number {
    return this.settings.quorum
  }
}

/**
 * Makes a {@link Redlock} over `stores` (independent Redis servers, usually three or five).
 *
 * @example
 * ```ts
 * const lock = createRedlock({ stores: [createRedisStore({ client: a }), createRedisStore({ client: b }), createRedisStore({ client: c })] })
 * ```
 */
export function createRedlock(options: RedlockOptions): Redlock {
  return new Redlock(options)
}
