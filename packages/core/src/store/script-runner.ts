import type { AtomicScript, ScriptArgument } from './atomic-script.js'
import type { MaybePromise } from './store.js'

/** The version of the {@link ScriptRunner} contract this release of core speaks. */
export const SCRIPT_RUNNER_CONTRACT = 1

/**
 * A backend that runs {@link AtomicScript}s atomically: what the rate limiter, locks and
 * leaderboards take as `store`, and what a cache's shared layer offers for distributed loads and
 * cross-server analytics. In-process runners call a script's `local` side synchronously; Redis runs
 * its `lua` side. Prove an implementation with `scriptRunnerConformanceSuite` from
 * `@layercache/core/testing`.
 *
 * The contract:
 * - `run` executes the script atomically: no other script or write on the same keys interleaves.
 * - Both sides of a script give the same reply for the same state (see {@link AtomicScript}).
 * - Script keys expire by the TTLs the script gives them; a runner that is also a cache layer keeps
 *   them apart from its entries (`deleteByPrefix` never touches them).
 * - Failures reject (or throw); the caller decides what to do with them.
 */
export interface ScriptRunner {
  /**
   * The version of this contract the runner implements: {@link SCRIPT_RUNNER_CONTRACT}. Packages
   * refuse a runner written for another version instead of misreading its replies.
   */
  readonly scriptContract: typeof SCRIPT_RUNNER_CONTRACT
  /** A short name for stats and errors, such as `memory` or `redis`. */
  readonly name: string
  /** True when other processes see the same data (a rate limit or lock on it is shared). */
  readonly shared: boolean

  /** Runs an atomic script. */
  run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): MaybePromise<TResult>

  /** Releases timers and resources the runner owns. Never closes a client the user passed in. */
  close?(): MaybePromise<void>
}

/** True when `value` declares the {@link ScriptRunner} contract this core speaks. */
export function isScriptRunner(value: unknown): value is ScriptRunner {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Partial<ScriptRunner>).scriptContract === SCRIPT_RUNNER_CONTRACT &&
    typeof (value as Partial<ScriptRunner>).run === 'function'
  )
}
