import { filledBentoCache } from './bentocache-contender.js'
import { filledCacheManager } from './cache-manager-contender.js'
import { filledCacheable } from './cacheable-contender.js'
import type { FilledCache, Workload } from './filled-cache.js'
import { filledLayercache } from './layercache-contender.js'
import { filledAsyncLruCache } from './lru-cache-contender.js'

/** Targets shared by the throughput benchmarks: half the async floor, ten times every other peer. */
export const FLOOR_TARGET = 0.5
export const PEER_TARGET = 10

/** Every throughput contender, filled with `workload`; layercache first, then the floor, then the peers. */
export async function fillAllContenders(workload: Workload): Promise<FilledCache[]> {
  return [
    await filledLayercache(workload),
    await filledAsyncLruCache(workload),
    await filledBentoCache(workload),
    await filledCacheable(workload),
    await filledCacheManager(workload),
  ]
}

/**
 * Throws unless every contender returns the workload's value for `key`, so no one is timed on a
 * miss path or an error path by accident.
 */
export function assertSameAnswer(key: string, expected: unknown, contender: string, actual: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `${contender} answered ${JSON.stringify(actual)} for ${key}, expected ${JSON.stringify(expected)}`,
    )
  }
}
