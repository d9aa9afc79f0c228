/**
 * The source of time for a cache or store. Inject one in tests to make TTLs deterministic.
 *
 * @example
 * ```ts
 * const clock = createManualClock(0)
 * const cache = createCache({ clock })
 * clock.advance(5_000)
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The real clock (`Date.now`). */
export const systemClock: Clock = { now: Date.now }

/** A clock that moves only when told to: for tests and simulations. */
export interface ManualClock extends Clock {
  /** Moves time forward by `milliseconds`. */
  advance(milliseconds: number): void
  /** Sets the current time. */
  set(milliseconds: number): void
}

/** Creates a {@link ManualClock} starting at `start` milliseconds. */
export function createManualClock(start = 0): ManualClock {
  let current = start
  return {
    now: () => current,
    advance(milliseconds) {
      current += milliseconds
    },
    set(milliseconds) {
      current = milliseconds
    },
  }
}
