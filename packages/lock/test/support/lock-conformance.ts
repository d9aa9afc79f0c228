import { describe } from 'vitest'
import { type LockConformanceOptions, type StoreFactory, useLockFixture } from './conformance-fixture.js'
import { describeLockBasics } from './lock-basics-conformance.js'
import { describeLockWaiting } from './lock-waiting-conformance.js'
import { describeRedlock } from './redlock-conformance.js'
import { describeWithLock } from './with-lock-conformance.js'

/**
 * The lock's behaviour as a Vitest suite, run unchanged against every store. It uses real time with
 * short TTLs (100-500 ms), so it needs no memory-only feature.
 *
 * `createStore` is called at least once per test, and three times for the Redlock tests: each call
 * must return an independent store (on one Redis server: a distinct `createRedisStore` prefix). After the
 * run, `options.cleanup` deletes each store's keys (and releases whatever else the factory made);
 * without it, the stores are only closed, which is enough for memory stores.
 *
 * @example
 * ```ts
 * describeLockConformance('memory', () => createMemoryStore())
 * const runPrefix = uniquePrefix('lock')
 * let stores = 0
 * describeLockConformance('ioredis', () => createRedisStore({ client, prefix: `${runPrefix}s${stores++}:` }), {
 *   cleanup: () => deleteKeysWithPrefix(url, runPrefix),
 * })
 * ```
 */
export function describeLockConformance(
  name: string,
  createStore: StoreFactory,
  options: LockConformanceOptions = {},
): void {
  describe(`lock conformance: ${name}`, () => {
    const fixture = useLockFixture(createStore, options)
    describeLockBasics(fixture)
    describeLockWaiting(fixture)
    describeWithLock(fixture)
    describeRedlock(fixture)
  })
}
