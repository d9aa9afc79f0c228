import type { ScriptRunner } from '@layercache/core'
import type { Limiter, RateLimit, RateLimitOptions } from '../../src/index.js'

/** How far the store's clock may be from this process's, in milliseconds. */
export const CLOCK_SLACK = 5000

/** What the contract's tests get from the suite: the current test's store and prefix. */
export interface ConformanceContext {
  /** The store of the running test. */
  store(): ScriptRunner
  /** The key prefix of the running test. */
  prefix(): string
  /** A RateLimit on the running test's store and prefix, without a timeout. */
  make(limiter: Limiter | Limiter[], extra?: Partial<RateLimitOptions>): RateLimit
  /** Deletes what a test wrote under another prefix. */
  cleanup(prefix: string): Promise<void>
}
