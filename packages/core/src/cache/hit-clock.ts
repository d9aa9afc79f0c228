import { type Clock, systemClock } from '../clock.js'

/** How long a read of the system clock is reused by hits: the TTL precision of a memory hit. */
export const HIT_CLOCK_RESOLUTION_MS = 1
/** Hits that may share one read of the clock, even when no timer can run in between (a busy loop). */
const READS_PER_TICK = 1_024

/** The clock of memory hits: a {@link Clock} whose reading can be dropped. */
export interface HitClock extends Clock {
  /**
   * Drops the reading, so the next hit reads the clock again. Called when the cache makes entries
   * expire now: a reading taken before must not keep serving them.
   */
  forget(): void
}

/**
 * The clock memory hits compare expiry times with. Reading `Date.now()` is most of what a hit costs,
 * so with the system clock a reading is reused for up to {@link HIT_CLOCK_RESOLUTION_MS} (a timer
 * drops it; lru-cache's `ttlResolution` does the same) and at most {@link READS_PER_TICK} hits, so a
 * loop that never yields still sees time move. An entry is therefore served at most about a
 * millisecond past its TTL. Any other clock (an injected one, in tests) is used as it is.
 */
export function hitClock(clock: Clock): HitClock {
  if (clock !== systemClock) return { now: () => clock.now(), forget() {} }
  let reading: number | undefined
  let reads = 0
  const forget = () => {
    reading = undefined
  }
  return {
    forget,
    now() {
      if (reading === undefined || ++reads > READS_PER_TICK) {
        reading = Date.now()
        reads = 0
        setTimeout(forget, HIT_CLOCK_RESOLUTION_MS).unref?.()
      }
      return reading
    },
  }
}
