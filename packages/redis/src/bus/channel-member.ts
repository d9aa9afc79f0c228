import type { BusMessage, BusSignal } from '@layercache/core'

/**
 * Failed publishes the other members have not been told about yet. A notice (the `lost` flag) settles
 * only the failures known when it was encoded, and only once it is sent: a publish failing meanwhile
 * stays owed.
 */
export class ResyncDebt {
  private incurred = 0
  private settledUpTo = 0

  /** A publish failed. */
  incur(): void {
    this.incurred++
  }

  /** True while some failure has not been announced. */
  get owed(): boolean {
    return this.incurred > this.settledUpTo
  }

  /** Taken when a notice is encoded; give it to {@link settle} once the notice is sent. */
  mark(): number {
    return this.incurred
  }

  /** A notice encoded at `mark` was sent. */
  settle(mark: number): void {
    if (mark > this.settledUpTo) this.settledUpTo = mark
  }
}

/** A cache's membership of a channel, as its bus sees it. */
export class ChannelMember {
  /** The last sequence number used, by publishes that failed too. */
  private sequence = 0
  private readonly unsettled = new Set<number>()
  /** Publishes that failed and that the other members have not been told about. */
  readonly debt = new ResyncDebt()
  /** Told `resync` since the channel last (re)subscribed, so it trusts its local layers. */
  listening = false
  left = false

  constructor(
    readonly id: number,
    private readonly listener: (message: BusMessage | BusSignal) => void,
  ) {}

  /** The sequence number of a new publish; give it to {@link settled} once it is sent or has failed. */
  nextSequence(): number {
    this.unsettled.add(++this.sequence)
    return this.sequence
  }

  settled(sequence: number): void {
    this.unsettled.delete(sequence)
  }

  /**
   * What heartbeats announce: every publish up to this number has been sent or has failed. A publish
   * still under way is left out, or a receiver would take it for lost before it arrives.
   */
  get settledThrough(): number {
    let lowest = this.sequence + 1
    for (const sequence of this.unsettled) if (sequence < lowest) lowest = sequence
    return lowest - 1
  }

  deliver(message: BusMessage): void {
    if (!this.left) this.call(message)
  }

  /** Messages may be getting lost: stop trusting local layers (once, until the next resync). */
  suspend(): void {
    if (!this.listening) return
    this.listening = false
    this.call({ type: 'suspend' })
  }

  resync(): void {
    if (this.left) return
    this.listening = true
    this.call({ type: 'resync' })
  }

  private call(message: BusMessage | BusSignal): void {
    try {
      this.listener(message)
    } catch {
      // One member's failing listener must not keep the others from hearing the message.
    }
  }
}
