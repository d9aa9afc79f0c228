import {
  type BusMember,
  type BusMessage,
  type BusSignal,
  type CacheBus,
  errors,
  LayercacheError,
} from '@layercache/core'
import { detectDriver, type RedisClient } from '../driver/detect-driver.js'
import { BusChannel, type ChannelContext } from './bus-channel.js'
import { BusPublisher } from './bus-publisher.js'
import { ChannelMember } from './channel-member.js'
import { type RedisBusOptions, resolveBusSettings } from './redis-bus-options.js'

/** A {@link CacheBus} over Redis pub/sub that notices lost messages and dead subscriptions. */
export interface RedisBus extends CacheBus {
  /**
   * Resolves once every channel joined so far is subscribed (handy at start-up and in tests); rejects
   * with `E_STORE_TIMEOUT` when that takes longer than `connectTimeout`, with `E_CACHE_CLOSED` when
   * the bus is closed meanwhile. Members are told `resync` as their channel is subscribed anyway.
   */
  ready(): Promise<void>
  /**
   * Stops the timers and closes the dedicated subscriber connections, whatever state they are in;
   * members are told `suspend`, and later joins and publishes fail with `E_CACHE_CLOSED`. Your own
   * client stays open.
   */
  close(): Promise<void>
}

/**
 * Keeps the in-memory layers of several caches consistent, in one process or many: when one sets,
 * deletes, invalidates or clears, the others drop the affected keys. Messages carry keys, never
 * values. Every cache that joins (one channel per root namespace) is a member with its own sequence
 * numbers; the members of one bus on one channel share one dedicated subscriber connection,
 * duplicated from your client, and the bus publishes a heartbeat there every `heartbeatInterval`.
 * A member is told to stop trusting its memory layer while messages may be getting lost (not
 * subscribed yet, a broken or silent subscription) and to drop it when one may have been lost (a
 * sequence gap, a sender's failed publish), so a lost message never leaves a stale value served.
 *
 * @example
 * ```ts
 * const bus = createRedisBus({ client: redis })
 * const cache = createCache({ layers: [createMemoryStore(), createRedisStore({ client: redis })], bus })
 * await bus.ready()
 * ```
 */
export function createRedisBus(options: RedisBusOptions): RedisBus {
  return new RedisPubSubBus(options.client, options)
}

/** A caller of `ready()`, waiting for the channels not subscribed when it called. */
interface ReadyWaiter {
  readonly pending: Set<BusChannel>
  readonly resolve: () => void
  readonly reject: (error: LayercacheError) => void
  readonly timer: ReturnType<typeof setTimeout>
}

class RedisPubSubBus implements RedisBus {
  private readonly channels = new Map<string, BusChannel>()
  private readonly waiters = new Set<ReadyWaiter>()
  private readonly closing = new Set<Promise<void>>()
  private readonly context: ChannelContext
  private nextMemberId = 0
  private closed = false
  private shutdown: Promise<void> | undefined

  constructor(client: RedisClient, options: RedisBusOptions) {
    const settings = resolveBusSettings(options)
    const driver = detectDriver(client)
    this.context = {
      busId: randomBusId(),
      driver,
      publisher: new BusPublisher(driver, settings.timeout, settings.circuitBreaker),
      settings,
      onLive: (channel) => this.settleWaiters(channel),
      onRetired: (channel, closing) => {
        if (this.channels.get(channel.name) === channel) this.channels.delete(channel.name)
        this.track(closing)
        this.settleWaiters(channel)
      },
    }
  }

  join(channel: string, listener: (message: BusMessage | BusSignal) => void): BusMember {
    if (this.closed) throw closedError('join')
    const name = this.context.settings.prefix + channel
    let joined = this.channels.get(name)
    if (joined === undefined) {
      joined = new BusChannel(name, this.context)
      this.channels.set(name, joined)
    }
    const member = new ChannelMember(this.nextMemberId++, listener)
    joined.join(member)
    const target = joined
    return {
      publish: (message) =>
        member.left ? Promise.reject(closedError('publish')) : target.publish(member, message),
      leave: () => target.leave(member),
    }
  }

  ready(): Promise<void> {
    if (this.closed) return Promise.reject(closedError('ready'))
    const pending = new Set([...this.channels.values()].filter((channel) => !channel.live))
    if (pending.size === 0) return Promise.resolve()
    const { connectTimeout } = this.context.settings
    return new Promise<void>((resolve, reject) => {
      // Not unref'd, unlike the bus's other timers: someone awaits this answer, which comes within
      // connectTimeout; the process must not exit with it unsettled.
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        const names = [...pending].map((channel) => channel.name).join(', ')
        reject(
          new LayercacheError(
            errors.STORE_TIMEOUT,
            `the Redis bus is not subscribed to ${names} after ${connectTimeout} ms`,
          ),
        )
      }, connectTimeout)
      const waiter: ReadyWaiter = { pending, resolve, reject, timer }
      this.waiters.add(waiter)
    })
  }

  close(): Promise<void> {
    this.shutdown ??= this.shutDown()
    return this.shutdown
  }

  /** Sizes of the internal structures (for tests). */
  inspect(): RedisBusInternals {
    const channels = [...this.channels.values()].map((channel) => channel.inspect())
    const sum = (pick: (sizes: (typeof channels)[number]) => number) =>
      channels.reduce((total, sizes) => total + pick(sizes), 0)
    return {
      channels: channels.length,
      members: sum((sizes) => sizes.members),
      senders: sum((sizes) => sizes.senders),
      connections: sum((sizes) => sizes.connections) + this.closing.size,
      waiters: this.waiters.size,
    }
  }

  private async shutDown(): Promise<void> {
    this.closed = true
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(closedError('ready'))
    }
    this.waiters.clear()
    const stopping = [...this.channels.values()].map((channel) => channel.close())
    this.channels.clear()
    await Promise.all([...stopping, ...this.closing])
  }

  /** `channel` is subscribed or gone: `ready()` callers stop waiting for it. */
  private settleWaiters(channel: BusChannel): void {
    for (const waiter of this.waiters) {
      waiter.pending.delete(channel)
      if (waiter.pending.size > 0) continue
      clearTimeout(waiter.timer)
      this.waiters.delete(waiter)
      waiter.resolve()
    }
  }

  private track(closing: Promise<void>): void {
    const tracked: Promise<void> = closing.finally(() => {
      this.closing.delete(tracked)
    })
    this.closing.add(tracked)
  }
}

/** Sizes of a bus's internal structures: all zero once every member has left and nothing is owed. */
export interface RedisBusInternals {
  channels: number
  members: number
  /** Sending members tracked for gap detection, over all channels. */
  senders: number
  /** Dedicated subscriber connections open or closing. */
  connections: number
  waiters: number
}

/** For tests: the sizes of `bus`'s internal structures. Not exported from the package. */
export function inspectRedisBus(bus: RedisBus): RedisBusInternals {
  if (!(bus instanceof RedisPubSubBus)) throw new TypeError('not a bus made by createRedisBus()')
  return bus.inspect()
}

function closedError(what: string): LayercacheError {
  return new LayercacheError(
    errors.CACHE_CLOSED,
    `the Redis bus was closed (or the member left): cannot ${what}`,
  )
}

function randomBusId(): string {
  const bytes = new Uint8Array(8)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
