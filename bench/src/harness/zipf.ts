import type { RandomSource } from './seeded-random.js'

/**
 * Draws ranks in [0, itemCount) with probability proportional to 1 / (rank + 1)^exponent.
 *
 * It inverts the exact cumulative distribution with a binary search rather than using an
 * approximation (such as YCSB's), so the skew is exactly the one named in the results.
 */
export type ZipfSampler = () => number

/**
 * Creates a Zipf sampler over `itemCount` items driven by `random`.
 *
 * @example
 * ```ts
 * const nextRank = zipfSampler({ itemCount: 100_000, exponent: 0.99, random: seededRandom(1) })
 * const key = `key:${nextRank()}`
 * ```
 */
export function zipfSampler(options: {
  itemCount: number
  exponent: number
  random: RandomSource
}): ZipfSampler {
  const { itemCount, exponent, random } = options
  const cumulative = new Float64Array(itemCount)
  let total = 0
  for (let rank = 0; rank < itemCount; rank++) {
    total += 1 / (rank + 1) ** exponent
    cumulative[rank] = total
  }
  return () => {
    const target = random() * total
    let low = 0
    let high = itemCount - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      if (cumulative[middle]! < target) low = middle + 1
      else high = middle
    }
    return low
  }
}
