import type { ScriptRunner } from '@layercache/core'
import { afterEach, beforeEach, describe } from 'vitest'
import { createRateLimit, type Limiter, type RateLimitOptions } from '../../src/index.js'
import { describeAlgorithmContract } from './conformance-algorithms.js'
import type { ConformanceContext } from './conformance-context.js'
import { describeFeatureContract } from './conformance-features.js'

/** Options of {@link describeRatelimitConformance}. */
export interface RatelimitConformanceOptions {
  /** Removes what a test wrote under `prefix` (never the whole database). */
  cleanup?: (store: ScriptRunner, prefix: string) => Promise<void> | void
}

/**
 * The rate limiter's contract as a Vitest suite, run against a store factory: every backend must
 * pass it unchanged. It uses real time (short windows where time matters), a fresh prefix per test,
 * and only the ScriptRunner contract — nothing specific to one backend. The factory is called once per test;
 * the store is closed after it.
 *
 * @example
 * ```ts
 * describeRatelimitConformance('ioredis', () => createRedisStore({ client, prefix: storePrefix }), {
 *   cleanup: (_store, prefix) => deleteKeysWithPrefix(url, `${storePrefix}${prefix}`),
 * })
 * ```
 */
export function describeRatelimitConformance(
  name: string,
  createStore: () => ScriptRunner | Promise<ScriptRunner>,
  options: RatelimitConformanceOptions = {},
): void {
  describe(`RateLimit contract: ${name}`, () => {
    let store: ScriptRunner
    let prefix: string
    let counter = 0
    const context: ConformanceContext = {
      store: () => store,
      prefix: () => prefix,
      make: (limiter: Limiter | Limiter[], extra: Partial<RateLimitOptions> = {}) =>
        createRateLimit({ store, prefix, limiter, timeout: false, ...extra }),
      cleanup: async (other) => {
        await options.cleanup?.(store, other)
      },
    }

    beforeEach(async () => {
      store = await createStore()
      prefix = `rlconf${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 7)}`
    })
    afterEach(async () => {
      await options.cleanup?.(store, prefix)
      await store.close?.()
    })

    describeAlgorithmContract(context)
    describeFeatureContract(context)
  })
}
