import type { CacheLayer } from '../store/cache-layer.js'
import type { MaybePromise, TagStamp } from '../store/store.js'

/** Past this many known tags, the cache starts over (the records are one read away). */
const MAX_KNOWN_TAGS = 10_000

/**
 * The tag records of the first shared layer, kept in this process while the bus is listening, so
 * that reading a tagged entry from Redis costs one round trip instead of two. Only what the layer
 * itself answered is kept: when a tag is stamped, here or by another cache (heard on the bus), its
 * record is forgotten and read again, so the records kept are always the layer's, never a stamp the
 * layer may not have taken. When the bus may be losing messages, everything is forgotten.
 *
 * A read that overlaps any stamp or `forget` keeps nothing of what it read: it may predate it.
 */
export class TagStampCache {
  private readonly known = new Map<string, TagStamp | undefined>()
  /** Counts stamps and `forget`s, so a read that overlapped one keeps nothing. */
  private generation = 0

  /** Whether records may be kept: there is a bus, and it is listening. */
  constructor(private readonly trusted: () => boolean) {}

  /**
   * The stamps of `tagKeys` in `layer`, from what is known, reading the rest from the layer. When
   * every record is known the answer comes without a promise: tagged reads from Redis take this path.
   */
  read(layer: CacheLayer, tagKeys: readonly string[]): MaybePromise<readonly (TagStamp | undefined)[]> {
    if (!this.trusted()) return layer.getTagStamps(tagKeys)
    let allKnown = true
    for (const tagKey of tagKeys) {
      if (!this.known.has(tagKey)) {
        allKnown = false
        break
      }
    }
    if (allKnown) return tagKeys.map((tagKey) => this.known.get(tagKey))
    return this.readMissing(layer, tagKeys)
  }

  private async readMissing(
    layer: CacheLayer,
    tagKeys: readonly string[],
  ): Promise<readonly (TagStamp | undefined)[]> {
    const missing = tagKeys.filter((tagKey) => !this.known.has(tagKey))
    const generation = this.generation
    const fetched = await layer.getTagStamps(missing)
    const found = new Map(missing.map((tagKey, index) => [tagKey, fetched[index]]))
    if (this.trusted() && generation === this.generation) {
      if (this.known.size + missing.length > MAX_KNOWN_TAGS) this.known.clear()
      for (const [tagKey, stamp] of found) this.known.set(tagKey, stamp)
    }
    return tagKeys.map((tagKey) => (found.has(tagKey) ? found.get(tagKey) : this.known.get(tagKey)))
  }

  /** Forgets the records of `tagKeys`: they were stamped (or may have been), here or elsewhere. */
  forget(tagKeys: readonly string[]): void {
    this.generation++
    for (const tagKey of tagKeys) this.known.delete(tagKey)
  }

  /** Forgets every record (the bus may have lost stamps). */
  clear(): void {
    this.generation++
    this.known.clear()
  }
}
