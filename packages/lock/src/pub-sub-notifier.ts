import { errors, LayercacheError } from '@layercache/core'
import { createInProcessNotifier, type LockNotifier } from './lock-notifier.js'
import { createOwnerToken } from './owner-token.js'

/** Default of {@link PubSubNotifierOptions.channel}. */
export const DEFAULT_NOTIFIER_CHANNEL = 'lock:released'

/** What a {@link PubSubTransport} subscription reports. */
export interface PubSubHandlers {
  /** A message arrived on the channel. */
  onMessage(message: string): void
  /** The subscription came back after a break: releases may have been missed meanwhile. */
  onResubscribe(): void
  /** The subscription connection broke. */
  onDisconnect(): void
}

/**
 * PUBLISH and SUBSCRIBE on your Redis client: all {@link createPubSubNotifier} needs. The shape of
 * `RedisDriver` from `@layercache/redis`, so `detectDriver(client)` adapts any client in two lines.
 */
export interface PubSubTransport {
  /** Publishes `message` on `channel`. */
  publish(channel: string, message: string): unknown
  /**
   * Subscribes to `channel` (on a connection of its own: a subscribed Redis connection can do
   * nothing else) and resolves, once subscribed, to a function that unsubscribes.
   */
  subscribe(channel: string, handlers: PubSubHandlers): Promise<() => unknown> | (() => unknown)
}

/** Options of {@link createPubSubNotifier}. */
export interface PubSubNotifierOptions {
  /** How notifications travel: `publish(channel, message)` and `subscribe(channel, handlers)`. */
  transport: PubSubTransport
  /**
   * The channel release notifications go through; locks that should wake each other's waiters must
   * use the same one.
   * @default 'lock:released'
   */
  channel?: string
}

/** A {@link LockNotifier} over pub/sub; `close()` it when done. */
export interface PubSubNotifier extends LockNotifier {
  /**
   * Subscribes now instead of when the first waiter waits, and resolves once subscribed; rejects if
   * subscribing failed (the next waiter tries again).
   */
  connect(): Promise<void>
  /** Unsubscribes. Waiters in this process are still woken by releases in this process. */
  close(): Promise<void>
}

const SENDER_LENGTH = 32

/**
 * Wakes waiters in every process on release, over Redis pub/sub (or any pub/sub): `notify` publishes
 * the released key on one channel, and each notifier wakes its own process's waiters for that key.
 * Waiters in the publishing process are woken at once, without the round trip.
 *
 * It subscribes when the first waiter of this process waits (or on `connect()`), and stays
 * subscribed until `close()`, so a process that never waits never subscribes. Notifications remain
 * hints: one published while a process is not yet (or no longer) subscribed is lost, and its
 * waiters get the lock at their next retry or when the holder's TTL ends. After a reconnect, every
 * waiter of this process retries at once, in case a release was missed.
 *
 * @example
 * ```ts
 * import { detectDriver } from '@layercache/redis'
 *
 * const driver = detectDriver(redis) // ioredis, node-redis, either cluster, or @upstash/redis
 * const notifier = createPubSubNotifier({ transport: {
 *   publish: (channel, message) => driver.call(['PUBLISH', channel, message]),
 *   subscribe: (channel, handlers) => driver.subscribe(channel, handlers),
 * } })
 * const lock = createLock({ store: createRedisStore({ client: redis }), notifier })
 * ```
 */
export function createPubSubNotifier(options: PubSubNotifierOptions): PubSubNotifier {
  const transport = options?.transport
  if (typeof transport?.publish !== 'function' || typeof transport.subscribe !== 'function') {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      'createPubSubNotifier needs a transport with publish(channel, message) and subscribe(channel, handlers)',
    )
  }
  const channel = options.channel ?? DEFAULT_NOTIFIER_CHANNEL
  if (typeof channel !== 'string' || channel.length === 0) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      `channel must be a non-empty string, got ${String(channel)}`,
    )
  }
  // Our own messages come back through the subscription; the sender tells them apart.
  const sender = createOwnerToken()
  const local = createInProcessNotifier()
  const waitingKeys = new Map<string, number>()
  let subscription: Promise<() => unknown> | undefined
  let closed = false

  const wakeEveryWaiter = () => {
    for (const key of [...waitingKeys.keys()]) local.notify(key)
  }
  const handlers: PubSubHandlers = {
    onMessage(message) {
      const text = String(message)
      if (text.length <= SENDER_LENGTH || text.startsWith(sender)) return
      local.notify(text.slice(SENDER_LENGTH + 1))
    },
    onResubscribe: wakeEveryWaiter,
    onDisconnect() {},
  }
  const subscribe = (): Promise<void> => {
    if (closed) return Promise.reject(new LayercacheError(errors.INVALID_OPTION, 'the notifier is closed'))
    const current = (subscription ??= new Promise<() => unknown>((resolve) =>
      resolve(transport.subscribe(channel, handlers)),
    ))
    return current.then(
      () => {},
      (error: unknown) => {
        // The next waiter tries again.
        if (subscription === current) subscription = undefined
        throw error
      },
    )
  }

  return {
    notify(key) {
      local.notify(key)
      return transport.publish(channel, `${sender} ${key}`) as void | Promise<void>
    },
    subscribe(key, listener) {
      if (!closed) subscribe().catch(() => {})
      waitingKeys.set(key, (waitingKeys.get(key) ?? 0) + 1)
      const unsubscribe = local.subscribe(key, listener)
      let done = false
      return () => {
        if (done) return
        done = true
        unsubscribe()
        const count = waitingKeys.get(key)! - 1
        if (count === 0) waitingKeys.delete(key)
        else waitingKeys.set(key, count)
      }
    },
    connect: subscribe,
    async close() {
      if (closed) return
      closed = true
      // A subscription still being made is undone once it is.
      const unsubscribe = await subscription?.catch(() => undefined)
      await new Promise((resolve) => resolve(unsubscribe?.())).catch(() => {})
    },
  }
}
