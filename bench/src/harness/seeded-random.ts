/**
 * A seeded pseudo-random source (mulberry32), so a trace drawn from the same seed is the same on every
 * run and every machine: hit ratios must not move because `Math.random` did.
 */
export type RandomSource = () => number

/**
 * Creates a generator of floats in [0, 1) from a 32-bit seed.
 *
 * @example
 * ```ts
 * const random = seededRandom(42)
 * const pick = Math.floor(random() * keys.length)
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), state | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }
}
