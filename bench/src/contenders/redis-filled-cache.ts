/**
 * A cache over Redis, already filled with the workload, seen through the reads the Redis benchmarks
 * time. Each library is used through its own idiom, because that is the code a user would write.
 */
export interface FilledRedisCache {
  readonly name: string
  /** One read, as timed. */
  get(key: string): Promise<unknown>
  /** One batch read of `keys`, as timed. */
  getMany(keys: readonly string[]): Promise<unknown[]>
  /**
   * What the user would see for a reply of `get` (identity for caches; `JSON.parse` for raw
   * clients, which return the stored string). Only used to check the answers before timing.
   */
  decode(reply: unknown): unknown
  /**
   * Reads that missed or failed so far, where the library counts them. A cache that falls back on
   * errors (layercache does, after its 1 s timeout) would otherwise be timed on its error path.
   */
  failedReads?(): number
  close(): Promise<void>
}

/** Replies of caches are already the user's values. */
export const asIs = (reply: unknown): unknown => reply

/** Throws when a cache counted missed or failed reads, so no one is reported on an error path. */
export function assertNoFailedReads(caches: readonly FilledRedisCache[]): void {
  for (const cache of caches) {
    const failed = cache.failedReads?.() ?? 0
    if (failed > 0) throw new Error(`${cache.name} missed or failed ${failed} reads while being timed`)
  }
}
