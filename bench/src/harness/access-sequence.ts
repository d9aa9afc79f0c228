import { seededRandom } from './seeded-random.js'

/** Default length of an access sequence: a power of two, and far more than any cache line reuse. */
export const DEFAULT_SEQUENCE_LENGTH = 1 << 14

/**
 * A reproducible, uniformly random order in which to read `keys`, so no contender is helped by a
 * sequential access pattern and every contender reads the same keys in the same order.
 *
 * @example
 * ```ts
 * const sequence = uniformAccessSequence([...workload.entries.keys()], { seed: 7 })
 * ```
 */
export function uniformAccessSequence(
  keys: readonly string[],
  options: { seed: number; length?: number },
): string[] {
  const random = seededRandom(options.seed)
  const length = options.length ?? DEFAULT_SEQUENCE_LENGTH
  return Array.from({ length }, () => keys[Math.floor(random() * keys.length)]!)
}
