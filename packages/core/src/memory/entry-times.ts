import { resizedColumn } from './columns.js'
import { LifetimeProfiles } from './lifetime-profiles.js'

/** `kinds` value: the entry never expires; `moments` holds its `createdAt`. */
const ETERNAL = 254
/** `kinds` value: `createdAt` and `staleUntil` are in the exact columns. */
const EXACT = 255
/** `kinds` values below this name a lifetime profile. */
const PROFILE_LIMIT = 254

/**
 * The three times of every entry (`createdAt`, `expiresAt`, `staleUntil`) in 9 bytes a slot instead of
 * 24, and given back exactly. `moments` holds `expiresAt`, the one time a hit compares; `kinds` names
 * the lifetime profile that gives the other two from it. Entries that never expire keep `createdAt`
 * instead; the rare entry no profile fits keeps its times in two more columns, made on first need.
 */
export class EntryTimes {
  /** Per slot: `expiresAt`, or `createdAt` for an entry that never expires. */
  moments = new Float64Array(0)
  /** Per slot: a profile id, {@link ETERNAL} or {@link EXACT}. */
  kinds = new Uint8Array(0)
  private exactCreatedAt: Float64Array | undefined
  private exactStaleUntil: Float64Array | undefined
  private readonly profiles = new LifetimeProfiles(PROFILE_LIMIT)

  /** Records the times of a new or overwritten entry (release the old ones first). */
  set(slot: number, createdAt: number, expiresAt: number, staleUntil: number): void {
    if (expiresAt === Number.POSITIVE_INFINITY && staleUntil === Number.POSITIVE_INFINITY) {
      this.kinds[slot] = ETERNAL
      this.moments[slot] = createdAt
      return
    }
    this.moments[slot] = expiresAt
    const profile = this.profiles.acquire(createdAt, expiresAt, staleUntil)
    if (profile !== undefined) {
      this.kinds[slot] = profile
      return
    }
    this.kinds[slot] = EXACT
    this.exactCreatedAt ??= new Float64Array(this.moments.length)
    this.exactStaleUntil ??= new Float64Array(this.moments.length)
    this.exactCreatedAt[slot] = createdAt
    this.exactStaleUntil[slot] = staleUntil
  }

  /** Lets go of the times of the entry at `slot`. */
  release(slot: number): void {
    const kind = this.kinds[slot]!
    if (kind < PROFILE_LIMIT) this.profiles.release(kind)
    this.kinds[slot] = EXACT
  }

  createdAt(slot: number): number {
    const kind = this.kinds[slot]!
    if (kind === ETERNAL) return this.moments[slot]!
    if (kind === EXACT) return this.exactCreatedAt![slot]!
    return this.profiles.createdAt(kind, this.moments[slot]!)
  }

  /** `Infinity` for an entry that never expires, so a hit on one need not read the clock. */
  expiresAt(slot: number): number {
    return this.kinds[slot] === ETERNAL ? Number.POSITIVE_INFINITY : this.moments[slot]!
  }

  staleUntil(slot: number): number {
    const kind = this.kinds[slot]!
    if (kind === ETERNAL) return Number.POSITIVE_INFINITY
    if (kind === EXACT) return this.exactStaleUntil![slot]!
    return this.profiles.staleUntil(kind, this.moments[slot]!)
  }

  resize(length: number): void {
    this.moments = resizedColumn(this.moments, length)
    this.kinds = resizedColumn(this.kinds, length, EXACT)
    if (this.exactCreatedAt !== undefined) this.exactCreatedAt = resizedColumn(this.exactCreatedAt, length)
    if (this.exactStaleUntil !== undefined) this.exactStaleUntil = resizedColumn(this.exactStaleUntil, length)
  }
}
