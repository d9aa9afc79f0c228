import type { TagStamp } from '../store/store.js'

interface TagRecord {
  invalidatedAt: number
  expiredAt: number
  /** The record may be dropped after this time: no entry carrying the tag outlives it. */
  keepUntil: number
}

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
      if (record === undefined)
        this.records.set(tagKey, { invalidatedAt: 0, expiredAt: 0, keepUntil: staleUntil })
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
    return record.invalidatedAt === 0 && record.expiredAt === 0 ? undefined : record
  }

  stamp(tagKeys: readonly string[], stamp: Partial<TagStamp>, keepUntil: number): void {
    for (const tagKey of tagKeys) {
      let record = this.records.get(tagKey)
      if (record === undefined) {
        record = { invalidatedAt: 0, expiredAt: 0, keepUntil }
        this.records.set(tagKey, record)
      }
      if (stamp.invalidatedAt !== undefined && stamp.invalidatedAt > record.invalidatedAt) {
        record.invalidatedAt = stamp.invalidatedAt
      }
      if (stamp.expiredAt !== undefined && stamp.expiredAt > record.expiredAt)
        record.expiredAt = stamp.expiredAt
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
