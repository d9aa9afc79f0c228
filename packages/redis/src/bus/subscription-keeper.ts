import type { RedisDriver, Subscriber } from '../driver/redis-driver.js'
import { FIRST_RETRY_DELAY_MS, LONGEST_RETRY_DELAY_MS } from '../driver/resubscribing.js'

/** What a {@link SubscriptionKeeper} tells its channel. */
export interface KeeperEvents {
  /** Subscribed (again): every message published from now on is delivered. */
  live(): void
  /** The subscription broke or went silent: messages are being lost until the next `live`. */
  lost(): void
  /** A message arrived while subscribed. */
  message(raw: string): void
}

/** How long the keeper waits for things, in milliseconds. */
export interface KeeperTimeouts {
  /** The longest one attempt to subscribe may take. */
  readonly connectTimeout: number
  /** The longest a live subscription may hear nothing before it is taken for dead. */
  readonly heartbeatTimeout: number
}

type KeeperState = 'subscribing' | 'live' | 'waiting' | 'stopped'

// Silence is measured on a monotonic clock: a wall-clock jump must not fake or hide it.
const monotonicNow = () => performance.now()

/**
 * Keeps one subscription to a channel alive, on a dedicated connection of its own. An attempt gets
 * `connectTimeout` to be confirmed; a live subscription that heard nothing (its own bus's heartbeats
 * included) for `heartbeatTimeout` is taken for dead, since a connection dropped by a NAT or a
 * black-holed path sends no reset. After a failure or a break the connection is dropped and a fresh
 * one subscribes after 100 ms, then twice as long after each failure up to 5 s; the wait is reset
 * once a subscription hears something. Timers never keep the process alive.
 */
export class SubscriptionKeeper {
  private state: KeeperState = 'waiting'
  private subscriber: Subscriber | undefined
  /** Bumped whenever the current attempt is given up: events of older ones are ignored. */
  private generation = 0
  private attemptTimer: ReturnType<typeof setTimeout> | undefined
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private retryDelay = FIRST_RETRY_DELAY_MS
  private heardAt = 0
  private readonly closing = new Set<Promise<void>>()

  constructor(
    private readonly driver: RedisDriver,
    private readonly channel: string,
    private readonly timeouts: KeeperTimeouts,
    private readonly events: KeeperEvents,
  ) {}

  get live(): boolean {
    return this.state === 'live'
  }

  /** Dedicated connections open or still closing (for tests). */
  get connections(): number {
    return (this.subscriber === undefined ? 0 : 1) + this.closing.size
  }

  start(): void {
    this.subscribe()
  }

  /** Run once per heartbeat interval: drops a live subscription that has been silent too long. */
  checkSilence(): void {
    if (this.state === 'live' && monotonicNow() - this.heardAt > this.timeouts.heartbeatTimeout) this.drop()
  }

  /** Stops for good and closes the connections; resolves once they are closed. */
  stop(): Promise<void> {
    this.state = 'stopped'
    this.generation++
    clearTimeout(this.attemptTimer)
    clearTimeout(this.retryTimer)
    this.release()
    return Promise.all(this.closing).then(() => {})
  }

  private subscribe(): void {
    const mine = ++this.generation
    const isMine = () => mine === this.generation
    this.state = 'subscribing'
    this.attemptTimer = setTimeout(() => {
      if (isMine()) this.drop()
    }, this.timeouts.connectTimeout)
    this.attemptTimer.unref?.()
    let subscriber: Subscriber
    try {
      subscriber = this.driver.openSubscriber(this.channel, {
        onSubscribed: () => {
          if (isMine()) this.becomeLive()
        },
        onMessage: (raw) => {
          if (isMine()) this.hear(raw)
        },
        onBroken: () => {
          if (isMine()) this.drop()
        },
      })
    } catch {
      if (isMine()) this.drop()
      return
    }
    if (isMine()) this.subscriber = subscriber
    else this.track(subscriber.close())
  }

  private becomeLive(): void {
    clearTimeout(this.attemptTimer)
    this.state = 'live'
    this.heardAt = monotonicNow()
    this.events.live()
  }

  private hear(raw: string): void {
    this.heardAt = monotonicNow()
    if (this.state !== 'live') return
    this.retryDelay = FIRST_RETRY_DELAY_MS
    this.events.message(raw)
  }

  /** Gives up the current attempt or subscription and schedules the next attempt. */
  private drop(): void {
    const wasLive = this.state === 'live'
    this.generation++
    clearTimeout(this.attemptTimer)
    this.release()
    this.state = 'waiting'
    this.retryTimer = setTimeout(() => this.subscribe(), this.retryDelay)
    this.retryTimer.unref?.()
    this.retryDelay = Math.min(this.retryDelay * 2, LONGEST_RETRY_DELAY_MS)
    if (wasLive) this.events.lost()
  }

  private release(): void {
    const subscriber = this.subscriber
    this.subscriber = undefined
    if (subscriber !== undefined) this.track(subscriber.close())
  }

  private track(closing: Promise<void>): void {
    const tracked: Promise<void> = closing
      .catch(() => {})
      .finally(() => {
        this.closing.delete(tracked)
      })
    this.closing.add(tracked)
  }
}
