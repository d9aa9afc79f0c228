import { seededRandom } from '../harness/seeded-random.js'
import { zipfSampler } from '../harness/zipf.js'

/** A periodic scan: after every `every` skewed requests, `length` sequential keys never seen again. */
export interface ScanPattern {
  readonly every: number
  readonly length: number
}

/** Options of {@link syntheticTrace}. */
export interface SyntheticTraceOptions {
  /** Requests in the trace, scans included. */
  readonly length: number
  /** Distinct keys of the skewed part. */
  readonly itemCount: number
  /** Zipf exponent of the skewed part (0.99 is the usual "web-like" skew). */
  readonly exponent: number
  readonly seed: number
  /** Left out, the trace is pure Zipf. */
  readonly scan?: ScanPattern
}

/**
 * A reproducible request trace: Zipf-distributed keys, optionally broken up by scans of keys that are
 * read once (a batch job, a crawler, a report), which flood an LRU cache with entries of no value.
 *
 * @example
 * ```ts
 * const trace = syntheticTrace({ length: 2_000_000, itemCount: 100_000, exponent: 0.99, seed: 1 })
 * ```
 */
export function syntheticTrace(options: SyntheticTraceOptions): string[] {
  const nextRank = zipfSampler({
    itemCount: options.itemCount,
    exponent: options.exponent,
    random: seededRandom(options.seed),
  })
  const skewedKeys = Array.from({ length: options.itemCount }, (_, rank) => `key:${rank}`)
  const trace: string[] = []
  let skewedSinceScan = 0
  let scanned = 0
  while (trace.length < options.length) {
    if (options.scan !== undefined && skewedSinceScan === options.scan.every) {
      for (let step = 0; step < options.scan.length && trace.length < options.length; step++) {
        trace.push(`scan:${scanned++}`)
      }
      skewedSinceScan = 0
      continue
    }
    trace.push(skewedKeys[nextRank()]!)
    skewedSinceScan++
  }
  return trace
}
