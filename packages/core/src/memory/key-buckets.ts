import { columnFitting, type IdColumn, resizedColumn } from './columns.js'

/**
 * The keys of a memory store that share one prefix, such as every key of the namespace `app:users`.
 * A cache view holds its bucket and looks keys up in it with the caller's own key string, whose hash
 * V8 keeps: no `prefix + key` string is built or hashed on a hit.
 */
export interface KeyBucket {
  /** The text before the keys: up to and including the first `::` of the full key, or `''`. */
  readonly keyPrefix: string
  readonly id: number
  /** The slot of each key, by the key without its prefix. */
  readonly slots: Map<string, number>
  /** Set once the bucket emptied and left its store: whoever holds it must look the prefix up again. */
  detached: boolean
}

const SEPARATOR = '::'

/**
 * How long the prefix of `fullKey` is: up to and including its first `::`, or 0 without one. Every
 * full key splits exactly one way, so `keyPrefix + key` names one entry however it was written.
 */
export function prefixLength(fullKey: string): number {
  const at = fullKey.indexOf(SEPARATOR)
  return at < 0 ? 0 : at + SEPARATOR.length
}

/** Below this length V8's `slice` copies characters rather than pointing into the parent string. */
const SLICED_STRING_MIN_LENGTH = 13

/**
 * A copy of `text` that shares no memory with a longer string. V8 makes `slice` results of 13+
 * characters "sliced strings" that keep their whole parent alive, and an entry kept for hours must not
 * hold on to the full key it was cut from. A JSON round trip always builds a string of its own.
 */
export function ownCopy(text: string): string {
  return text.length < SLICED_STRING_MIN_LENGTH ? text : (JSON.parse(JSON.stringify(text)) as string)
}

/** The buckets of one memory store, and which bucket each slot's key is in. */
export class KeyBuckets {
  private readonly byPrefix = new Map<string, KeyBucket>()
  private readonly byId: (KeyBucket | undefined)[] = []
  private readonly freeIds: number[] = []
  /** The bucket id of each slot: one byte per slot while there are at most 256 buckets. */
  private bucketOfSlot: IdColumn = new Uint8Array(0)

  find(keyPrefix: string): KeyBucket | undefined {
    return this.byPrefix.get(keyPrefix)
  }

  /** The bucket {@link KeyBuckets.slotOf} found last: calls in a row mostly name the same prefix. */
  private lastFound: KeyBucket | undefined

  /** The slot of `keyPrefix + key`, if held. */
  slotOf(keyPrefix: string, key: string): number | undefined {
    let bucket = this.lastFound
    if (bucket === undefined || bucket.detached || bucket.keyPrefix !== keyPrefix) {
      bucket = this.byPrefix.get(keyPrefix)
      if (bucket === undefined) return undefined
      this.lastFound = bucket
    }
    return bucket.slots.get(key)
  }

  /** Records `key` at `slot`, creating the bucket of `keyPrefix` when it has none. */
  add(keyPrefix: string, key: string, slot: number): void {
    const bucket = this.byPrefix.get(keyPrefix) ?? this.create(keyPrefix)
    bucket.slots.set(key, slot)
    this.bucketOfSlot = columnFitting(this.bucketOfSlot, bucket.id)
    this.bucketOfSlot[slot] = bucket.id
  }

  /** Forgets `key` at `slot`; a bucket left empty leaves the store. */
  remove(slot: number, key: string): void {
    const bucket = this.byId[this.bucketOfSlot[slot]!]!
    bucket.slots.delete(key)
    if (bucket.slots.size > 0) return
    bucket.detached = true
    this.byPrefix.delete(bucket.keyPrefix)
    this.byId[bucket.id] = undefined
    this.freeIds.push(bucket.id)
  }

  /** The full key of `key` at `slot`, as the store's callers know it. */
  fullKey(slot: number, key: string): string {
    return this.byId[this.bucketOfSlot[slot]!]!.keyPrefix + key
  }

  /**
   * The slots of every key whose full key starts with `prefix`, visiting only the buckets it can
   * reach. Removing the slots (and so buckets) while iterating is safe.
   */
  *slotsUnder(prefix: string): IterableIterator<number> {
    for (const bucket of this.byPrefix.values()) {
      let keyStart: string
      if (bucket.keyPrefix.startsWith(prefix)) keyStart = ''
      else if (prefix.startsWith(bucket.keyPrefix)) keyStart = prefix.slice(bucket.keyPrefix.length)
      else continue
      for (const [key, slot] of bucket.slots) if (key.startsWith(keyStart)) yield slot
    }
  }

  resize(length: number): void {
    this.bucketOfSlot = resizedColumn(this.bucketOfSlot, length)
  }

  private create(keyPrefix: string): KeyBucket {
    const id = this.freeIds.pop() ?? this.byId.length
    const bucket: KeyBucket = { keyPrefix: ownCopy(keyPrefix), id, slots: new Map(), detached: false }
    this.byPrefix.set(bucket.keyPrefix, bucket)
    this.byId[id] = bucket
    return bucket
  }
}
