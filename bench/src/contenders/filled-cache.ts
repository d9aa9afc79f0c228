/**
 * A cache of some library, already filled with the workload, seen through the two operations the
 * throughput benchmarks compare. Each library's own idiom is used (its `wrap`, its options object),
 * because that is the code a user would write.
 */
export interface FilledCache {
  readonly name: string
  get(key: string): Promise<unknown>
  getOrSet(key: string, loader: () => Promise<unknown>): Promise<unknown>
  /** Stores `value` at `key` with the workload's TTL. */
  set(key: string, value: unknown): Promise<unknown>
  close(): Promise<void>
}

/** What every contender is filled with, so they all hold the same keys, values and TTL. */
export interface Workload {
  readonly entries: ReadonlyMap<string, unknown>
  readonly ttlSeconds: number
}

export const WORKLOAD_TTL_SECONDS = 300

/**
 * `keyCount` keys holding small objects, the typical shape of a cached database row.
 *
 * @example
 * ```ts
 * const workload = smallObjectWorkload(1_000)
 * ```
 */
export function smallObjectWorkload(keyCount: number): Workload {
  const entries = new Map<string, unknown>()
  for (let index = 0; index < keyCount; index++) {
    entries.set(`user:${index}`, { id: index, name: `User ${index}`, active: index % 2 === 0 })
  }
  return { entries, ttlSeconds: WORKLOAD_TTL_SECONDS }
}
