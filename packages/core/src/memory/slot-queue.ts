import { resizedColumn } from './columns.js'

/** No slot: the end of the queue, or no hand yet. */
export const NONE = -1
const INITIAL_SLOTS = 64
/** Slots grow by half, up to the limit: less spare room than doubling, and few enough copies. */
const GROWTH = 1.5

/**
 * Which slots of a memory store are in use, in the order they were filled (oldest to newest, as two
 * columns of links), and SIEVE's hand: the slot the next eviction looks at first. Freed slots are
 * reused before new ones; when none is left, the store's columns grow through `resize`.
 */
export class SlotQueue {
  /** Per slot: the next newer slot, or {@link NONE}. */
  newer = new Int32Array(0)
  private older = new Int32Array(0)
  private newest = NONE
  oldest = NONE
  hand = NONE
  /** Slots ever handed out; the ones below this that are not free hold entries. */
  allocated = 0
  private capacity = 0
  private readonly freeSlots: number[] = []

  constructor(
    private readonly maxSlots: number,
    private readonly resize: (length: number) => void,
  ) {}

  /** A slot for a new entry, now the newest. */
  take(): number {
    let slot = this.freeSlots.pop()
    if (slot === undefined) {
      if (this.allocated === this.capacity) this.grow()
      slot = this.allocated++
    }
    this.older[slot] = this.newest
    this.newer[slot] = NONE
    if (this.newest !== NONE) this.newer[this.newest] = slot
    this.newest = slot
    if (this.oldest === NONE) this.oldest = slot
    return slot
  }

  /** Takes `slot` out of the order (moving the hand past it) and keeps it for reuse. */
  free(slot: number): void {
    if (this.hand === slot) this.hand = this.newer[slot]!
    const newer = this.newer[slot]!
    const older = this.older[slot]!
    if (newer === NONE) this.newest = older
    else this.older[newer] = older
    if (older === NONE) this.oldest = newer
    else this.newer[older] = newer
    this.newer[slot] = NONE
    this.older[slot] = NONE
    this.freeSlots.push(slot)
  }

  private grow(): void {
    const length = Math.min(
      Math.max(Math.ceil(this.capacity * GROWTH), INITIAL_SLOTS),
      Math.max(this.maxSlots, 1),
    )
    this.newer = resizedColumn(this.newer, length, NONE)
    this.older = resizedColumn(this.older, length, NONE)
    this.resize(length)
    this.capacity = length
  }
}
