import type { BusMessage } from '@layercache/core'
import type { RedisDriver } from '../driver/redis-driver.js'
import {
  type BusEnvelope,
  decodeBusEnvelope,
  encodeBusEnvelope,
  type HeartbeatEnvelope,
} from './bus-envelope.js'
import type { BusPublisher } from './bus-publisher.js'
import { type ChannelMember, ResyncDebt } from './channel-member.js'
import type { BusSettings } from './redis-bus-options.js'
import { type Sender, SenderSequences } from './sender-sequences.js'
import { SubscriptionKeeper } from './subscription-keeper.js'

/** What a channel needs from its bus. */
export interface ChannelContext {
  readonly busId: string
  readonly driver: RedisDriver
  readonly publisher: BusPublisher
  readonly settings: BusSettings
  /** The channel is subscribed (again). */
  onLive(channel: BusChannel): void
  /** The channel has no member left and owes nothing: the bus forgets it. */
  onRetired(channel: BusChannel, closing: Promise<void>): void
}

/** Stands for a member that has left, or one of another version: every member resyncs for it. */
const ANY_MEMBER = -1
/** A bus not heard from for this many heartbeat timeouts is forgotten. */
const FORGET_SILENT_BUS_AFTER = 10

const monotonicNow = () => performance.now()

/**
 * One channel of one bus: a single subscription shared by every member of the bus that joined the
 * channel, their publishes, and the bus's heartbeats there. Members are told `resync` whenever a
 * message may have been lost: a sequence gap, a sender's `lost` notice, a new subscription.
 */
export class BusChannel {
  private readonly members = new Map<number, ChannelMember>()
  private readonly senders = new SenderSequences()
  /** Failed publishes of members that left before announcing them. */
  private readonly departedDebt = new ResyncDebt()
  private readonly keeper: SubscriptionKeeper
  private readonly ticker: ReturnType<typeof setInterval>
  private publishing = 0
  private heartbeatUnderWay = false
  private retired = false

  constructor(
    readonly name: string,
    private readonly context: ChannelContext,
  ) {
    this.keeper = new SubscriptionKeeper(context.driver, name, context.settings, {
      live: () => this.subscribed(),
      lost: () => {
        for (const member of [...this.members.values()]) member.suspend()
      },
      message: (raw) => this.receive(raw),
    })
    this.ticker = setInterval(() => this.tick(), context.settings.heartbeatInterval)
    this.ticker.unref?.()
    this.keeper.start()
  }

  get live(): boolean {
    return this.keeper.live
  }

  /** A member starts suspended; on a channel already subscribed it is told `resync` right after. */
  join(member: ChannelMember): void {
    this.members.set(member.id, member)
    if (!this.keeper.live) return
    queueMicrotask(() => {
      if (this.keeper.live && !member.listening) member.resync()
    })
  }

  leave(member: ChannelMember): void {
    if (member.left) return
    member.left = true
    this.members.delete(member.id)
    if (member.debt.owed) this.departedDebt.incur()
    this.retireIfIdle()
  }

  /**
   * Publishes a member's message. A failed publish keeps its sequence number, so the gap shows, and
   * leaves a debt: the member's next message or the next heartbeat carries the `lost` notice.
   * Members of this bus are told `resync` at once, since they share this process.
   */
  async publish(member: ChannelMember, message: BusMessage): Promise<void> {
    const sequence = member.nextSequence()
    const lost = member.debt.owed
    const mark = member.debt.mark()
    const { busId, publisher } = this.context
    const envelope: BusEnvelope = { type: 'message', bus: busId, member: member.id, sequence, lost, message }
    this.publishing++
    try {
      await publisher.send(this.name, encodeBusEnvelope(envelope))
      if (lost) member.debt.settle(mark)
    } catch (error) {
      if (member.left) this.departedDebt.incur()
      else member.debt.incur()
      this.resyncFor([{ bus: busId, member: member.id }])
      throw error
    } finally {
      member.settled(sequence)
      this.publishing--
      this.retireIfIdle()
    }
  }

  /** The bus closes: members are suspended for good, and what is owed is announced if it can be. */
  close(): Promise<void> {
    const farewell = this.heartbeat()
    for (const member of this.members.values()) {
      member.suspend()
      member.left = true
    }
    this.members.clear()
    this.retired = true
    clearInterval(this.ticker)
    if (farewell.envelope.lost || farewell.envelope.members.some((entry) => entry.lost))
      this.context.publisher.send(this.name, encodeBusEnvelope(farewell.envelope)).catch(() => {})
    return this.keeper.stop()
  }

  /** Sizes of the internal structures (for tests). */
  inspect(): { members: number; senders: number; connections: number } {
    return { members: this.members.size, senders: this.senders.size, connections: this.keeper.connections }
  }

  private subscribed(): void {
    this.senders.clear()
    for (const member of [...this.members.values()]) member.resync()
    this.context.onLive(this)
  }

  private receive(raw: string): void {
    const envelope = decodeBusEnvelope(raw)
    if (envelope === undefined) return
    // During a rolling upgrade the other version's changes cannot be read, only made up for.
    if (envelope.type === 'foreign') {
      this.resyncFor([{ bus: '', member: ANY_MEMBER }])
      return
    }
    const { bus } = envelope
    if (envelope.type === 'message') {
      this.senders.message(bus, envelope.member, envelope.sequence, monotonicNow())
      if (envelope.lost) this.resyncFor([{ bus, member: envelope.member }])
      const own = bus === this.context.busId
      for (const member of [...this.members.values()])
        if (!own || member.id !== envelope.member) member.deliver(envelope.message)
      return
    }
    this.senders.heartbeat(bus, envelope.members, monotonicNow())
    const losers: Sender[] = envelope.members
      .filter((entry) => entry.lost)
      .map(({ member }) => ({ bus, member }))
    if (envelope.lost) losers.push({ bus, member: ANY_MEMBER })
    if (losers.length > 0) this.resyncFor(losers)
  }

  /** Tells `resync` to every listening member except the one that lost the messages itself. */
  private resyncFor(senders: readonly Sender[]): void {
    const { busId } = this.context
    for (const member of [...this.members.values()]) {
      if (member.listening && senders.some((sender) => sender.bus !== busId || sender.member !== member.id))
        member.resync()
    }
  }

  private tick(): void {
    const { heartbeatInterval, heartbeatTimeout } = this.context.settings
    this.keeper.checkSilence()
    const now = monotonicNow()
    const overdue = this.senders.overdue(now, heartbeatInterval)
    if (overdue.length > 0) this.resyncFor(overdue)
    this.senders.forgetSilent(now, FORGET_SILENT_BUS_AFTER * heartbeatTimeout)
    this.sendHeartbeat()
  }

  private heartbeat(): { envelope: HeartbeatEnvelope; settle: () => void } {
    const members = [...this.members.values()]
    const marks = members.map((member) => member.debt.mark())
    const departedMark = this.departedDebt.mark()
    const envelope: HeartbeatEnvelope = {
      type: 'heartbeat',
      bus: this.context.busId,
      members: members.map((member) => ({
        member: member.id,
        sequence: member.settledThrough,
        lost: member.debt.owed,
      })),
      lost: this.departedDebt.owed,
    }
    const settle = () => {
      members.forEach((member, index) => {
        member.debt.settle(marks[index]!)
      })
      this.departedDebt.settle(departedMark)
    }
    return { envelope, settle }
  }

  private sendHeartbeat(): void {
    // One at a time: a heartbeat waiting for its timeout must not pile up behind it.
    if (this.heartbeatUnderWay) return
    this.heartbeatUnderWay = true
    const { envelope, settle } = this.heartbeat()
    this.context.publisher
      .send(this.name, encodeBusEnvelope(envelope))
      .then(settle, () => {})
      .finally(() => {
        this.heartbeatUnderWay = false
        this.retireIfIdle()
      })
  }

  /**
   * Retires once no member is left, no publish is under way and nothing is owed: a member that left
   * with a failed publish unannounced keeps the channel (and its heartbeats) until it is announced.
   */
  private retireIfIdle(): void {
    if (this.retired || this.members.size > 0 || this.publishing > 0 || this.departedDebt.owed) return
    this.retired = true
    clearInterval(this.ticker)
    this.context.onRetired(this, this.keeper.stop())
  }
}
