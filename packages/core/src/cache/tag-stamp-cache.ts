import { raiseTagStamp, type Store, type TagStamp } from '../store/store.js'

/** Past this many known tags, the cache starts over (the records are one read away). */
const MAX_KNOWN_TAGS = 10_000

interface Known {
  stamp: TagStamp | undefined
  /** True once the record was read from the shared layer: only then does it stand for all of it. */
  complete: boolean
}

const NEVER: TagStamp = { invalidatedAt: 0, expiredAt: 0 }

/**
 * The tag records of the first shared layer, kept in this process while the bus is listening, so
 * that reading a tagged entry from Redis costs one round trip instead of two. A record is read once,
 * then kept up to date by this cache's own stamps and by the stamps other caches announce on the
 * bus; when the bus may be losing messages it is forgotten (`clear`), and reads ask the layer again.
 *
 * A stamp announced before the record was read is kept as a partial record and merged with what the
 * read brings (stamps only move forward), so a read that overlaps an invalidation never loses it.
 */
export class TagStampCache {
  private readonly known = new Map<string, Known>()
  /** Counts `clear`s, so a read that overlapped one does not keep what it read. */
  private generation = 0

  /** Whether records may be kept: there is a bus, and it is listening. */
  constructor(private readonly trusted: () => boolean) {}

  /** The stamps of `tagKeys` in `layer`, from what is known, reading the rest from the layer. */
  async read(layer: Store, tagKeys: readonly string[]): Promise<readonly (TagStamp | undefined)[]> {
    if (!this.trusted()) return layer.getTagStamps(tagKeys)
    const missing = tagKeys.filter((tagKey) => this.known.get(tagKey)?.complete !== true)
    if (missing.length === 0) return tagKeys.map((tagKey) => this.known.get(tagKey)!.stamp)
    const generation = this.generation
    const fetched = await layer.getTagStamps(missing)
    const found = new Map(missing.map((tagKey, index) => [tagKey, fetched[index]]))
    // A record read while the bus was not listening, or across a `clear`, may have missed a stamp.
    if (!this.trusted() || generation !== this.generation) {
      return tagKeys.map((tagKey) => (found.has(tagKey) ? found.get(tagKey) : this.known.get(tagKey)?.stamp))
    }
    if (this.known.size + missing.length > MAX_KNOWN_TAGS) this.clear()
    for (const [tagKey, stamp] of found) {
      const partial = this.known.get(tagKey)?.stamp
      const merged = partial === undefined ? stamp : raiseTagStamp(stamp ?? NEVER, partial)
      this.known.set(tagKey, { stamp: merged, complete: true })
    }
    return tagKeys.map((tagKey) => this.known.get(tagKey)?.stamp ?? found.get(tagKey))
  }

  /** Applies a stamp this cache made or another cache announced. */
  raise(tagKeys: readonly string[], stamp: Partial<TagStamp>): void {
    if (!this.trusted()) return
    if (this.known.size + tagKeys.length > MAX_KNOWN_TAGS) this.clear()
    for (const tagKey of tagKeys) {
      const known = this.known.get(tagKey)
      this.known.set(tagKey, {
        stamp: raiseTagStamp(known?.stamp ?? NEVER, stamp),
        complete: known?.complete ?? false,
      })
    }
  }

  /** Forgets every record (the bus may have lost stamps). */
  clear(): void {
    this.known.clear()
    this.generation++
  }
}
