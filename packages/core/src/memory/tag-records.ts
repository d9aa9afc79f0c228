import { raiseTagStamp, type TagStamp } from '../store/store.js'

interface TagRecord {
  stamp: TagStamp
  /** The record may be dropped after this time: no entry carrying the tag outlives it. */
  keepUntil: number
}

const NEVER: TagStamp = Object.freeze({ invalidatedAt: 0, expiredAt: 0 })

/**
 * Tag invalidation records of a memory store. A record is created when an entry carrying the tag is
 * written and kept as long as the longest-lived such entry, so invalidating a tag is one write and
 * the records never outgrow the entries that refer to them.
 */
export class TagRecords {
  private readonly records = new Map<string, TagRecord>()

  get size(): number {
    return this.records.size
  }

  /** Notes that an entry carrying `tagKeys` lives until `staleUntil`. */
  retain(tagKeys: readonly string[], staleUntil: number): void {
    for (const tagKey of tagKeys) {
      const record = this.records.get(tagKey)
      if (record === undefined) this.records.set(tagKey, { stamp: NEVER, keepUntil: staleUntil })
      else if (record.keepUntil < staleUntil) record.keepUntil = staleUntil
    }
  }

  read(tagKey: string, now: number): TagStamp | undefined {
    const record = this.records.get(tagKey)
    if (record === undefined) return undefined
    if (record.keepUntil < now) {
      this.records.delete(tagKey)
      return undefined
    }
    return record.stamp === NEVER ? undefined : record.stamp
  }

  stamp(tagKeys: readonly string[], stamp: Partial<TagStamp>, keepUntil: number): void {
    for (const tagKey of tagKeys) {
      let record = this.records.get(tagKey)
      if (record === undefined) {
        record = { stamp: NEVER, keepUntil }
        this.records.set(tagKey, record)
      }
      record.stamp = raiseTagStamp(record.stamp, stamp)
      if (record.keepUntil < keepUntil) record.keepUntil = keepUntil
    }
  }

  /** Drops records no entry needs any more. */
  sweep(now: number): void {
    for (const [tagKey, record] of this.records) if (record.keepUntil < now) this.records.delete(tagKey)
  }

  clear(): void {
    this.records.clear()
  }
}
