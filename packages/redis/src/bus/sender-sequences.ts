import type { HeartbeatEntry } from './bus-envelope.js'

/** A sending member: its bus and its number there. */
export interface Sender {
  readonly bus: string
  readonly member: number
}

/** More skipped numbers than this from one sender count as lost at once, without waiting. */
const MAX_AWAITED = 64

interface SenderRecord {
  /** The highest sequence number heard of, in a message or a heartbeat. */
  highest: number
  /** Numbers below `highest` not received yet, and when each went missing. */
  awaited: Map<number, number> | undefined
  /** Too many went missing at once: lost without waiting. */
  overflowed: boolean
}

interface BusRecord {
  readonly senders: Map<number, SenderRecord>
  heardAt: number
}

/**
 * What a channel's subscriber heard from each sending member, to notice lost messages.
 *
 * A member heard of for the first time is taken as it is, whatever its number: anything it sent
 * before this subscription was established is covered by the resync that started it, and any
 * publish of its own that failed afterwards it announces itself (the `lost` flag). A number that
 * was skipped is awaited for a grace period, because on a cluster or over HTTP two publishes can
 * overtake each other; one still missing after that counts as lost ({@link overdue}).
 */
export class SenderSequences {
  private readonly buses = new Map<string, BusRecord>()

  /** Message `sequence` of `member` of `bus` arrived. */
  message(bus: string, member: number, sequence: number, now: number): void {
    const record = this.busRecord(bus, now)
    const sender = record.senders.get(member)
    if (sender === undefined) record.senders.set(member, newSender(sequence))
    else if (sequence > sender.highest) advance(sender, sequence - 1, sequence, now)
    else if (sender.awaited?.delete(sequence) && sender.awaited.size === 0) sender.awaited = undefined
  }

  /**
   * A heartbeat of `bus` listed its members: each has settled every publish up to its number. A
   * member it no longer lists has left and is forgotten, unless messages of it are still awaited.
   */
  heartbeat(bus: string, entries: readonly HeartbeatEntry[], now: number): void {
    const record = this.busRecord(bus, now)
    const listed = new Set<number>()
    for (const { member, sequence } of entries) {
      listed.add(member)
      const sender = record.senders.get(member)
      if (sender === undefined) record.senders.set(member, newSender(sequence))
      else if (sequence > sender.highest) advance(sender, sequence, sequence, now)
    }
    for (const [member, sender] of record.senders)
      if (!listed.has(member) && sender.awaited === undefined && !sender.overflowed)
        record.senders.delete(member)
  }

  /** Senders with a message missing for `grace` or more: lost. They are no longer awaited. */
  overdue(now: number, grace: number): Sender[] {
    const lost: Sender[] = []
    for (const [bus, record] of this.buses) {
      for (const [member, sender] of record.senders) {
        const late = [...(sender.awaited?.values() ?? [])].some((since) => now - since >= grace)
        if (!sender.overflowed && !late) continue
        lost.push({ bus, member })
        sender.awaited = undefined
        sender.overflowed = false
      }
    }
    return lost
  }

  /** Forgets buses not heard from for `after` (gone, or cut off: they announce their losses). */
  forgetSilent(now: number, after: number): void {
    for (const [bus, record] of this.buses) {
      const awaiting = [...record.senders.values()].some((sender) => sender.awaited || sender.overflowed)
      if (now - record.heardAt >= after && !awaiting) this.buses.delete(bus)
    }
  }

  /** Forgets everything: a new subscription starts with a resync. */
  clear(): void {
    this.buses.clear()
  }

  /** How many senders are tracked (for tests). */
  get size(): number {
    let count = 0
    for (const record of this.buses.values()) count += record.senders.size
    return count
  }

  private busRecord(bus: string, now: number): BusRecord {
    let record = this.buses.get(bus)
    if (record === undefined) {
      record = { senders: new Map(), heardAt: now }
      this.buses.set(bus, record)
    }
    record.heardAt = now
    return record
  }
}

function newSender(highest: number): SenderRecord {
  return { highest, awaited: undefined, overflowed: false }
}

/** The sender reached `highest`; numbers after its previous highest up to `lastMissing` went missing. */
function advance(sender: SenderRecord, lastMissing: number, highest: number, now: number): void {
  const firstMissing = sender.highest + 1
  sender.highest = highest
  if (lastMissing < firstMissing) return
  if (lastMissing - firstMissing + 1 + (sender.awaited?.size ?? 0) > MAX_AWAITED) {
    sender.overflowed = true
    sender.awaited = undefined
    return
  }
  sender.awaited ??= new Map()
  for (let sequence = firstMissing; sequence <= lastMissing; sequence++) sender.awaited.set(sequence, now)
}
