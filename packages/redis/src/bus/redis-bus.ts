import {
  type BusMember,
  type BusMessage,
  type BusSignal,
  type CacheBus,
  type Duration,
  parseDuration,
} from '@layercache/core'
import { detectDriver, type RedisClient } from '../driver/detect-driver.js'
import type { RedisDriver } from '../driver/redis-driver.js'
import { guarded } from '../store/command-guard.js'
import { decodeBusEnvelope, encodeBusEnvelope } from './bus-envelope.js'

/** Default of {@link RedisBusOptions.prefix}. */
export const DEFAULT_BUS_PREFIX = 'lc:bus:'

/** Options of {@link redisBus}. */
export interface RedisBusOptions {
  /**
   * Prefix of the pub/sub channels (one channel per root namespace).
   * @default 'lc:bus:'
   */
  prefix?: string
  /**
   * How long a publish may take before it is reported as failed.
   * @default '1s'
   */
  timeout?: Duration
}

/** A {@link CacheBus} over Redis pub/sub, with gap and reconnect detection. */
export interface RedisBus extends CacheBus {
  /** Resolves once every subscription made so far is established (handy in tests and at start-up). */
  ready(): Promise<void>
  /** Closes the dedicated subscriber connections. The caller's client stays open. */
  close(): Promise<void>
}

/**
 * Keeps the in-memory layers of several processes consistent: when one process sets, deletes,
 * invalidates or clears, the others drop the affected keys. Messages carry keys, never values, and a
 * sequence number per sender: a gap, a disconnect or a reconnect makes the receiver distrust its
 * memory layer (it reads through to Redis) until it has dropped it and resubscribed, so a lost
 * message never leaves a stale value being served. Subscribing opens one dedicated connection per
 * channel, duplicated from your client.
 *
 * @example
 * ```ts
 * const cache = createCache({ layers: [memoryStore(), redisStore(redis)], bus: redisBus(redis) })
 * ```
 */
export function redisBus(client: RedisClient, options: RedisBusOptions = {}): RedisBus {
  const driver: RedisDriver = detectDriver(client)
  const prefix = options.prefix ?? DEFAULT_BUS_PREFIX
  const timeout = parseDuration(options.timeout ?? '1s', 'timeout')
  const pending = new Set<Promise<unknown>>()
  const closers = new Set<() => Promise<void>>()
  return {
    join(channel: string, listener: (message: BusMessage | BusSignal) => void): BusMember {
      const origin = randomOrigin()
      let sequence = 0
      const lastSeen = new Map<string, number>()
      const receive = (raw: string) => {
        const envelope = decodeBusEnvelope(raw)
        if (envelope === undefined || envelope.origin === origin) return
        const previous = lastSeen.get(envelope.origin)
        lastSeen.set(envelope.origin, envelope.sequence)
        if (previous !== undefined && envelope.sequence !== previous + 1) listener({ type: 'resync' })
        listener(envelope.message)
      }
      let closed = false
      let close: (() => Promise<void>) | undefined
      let retryDelay = 100
      // Until subscribed, local copies cannot be trusted; a failed attempt is retried with backoff.
      const attempt = (): Promise<void> =>
        driver
          .subscribe(prefix + channel, {
            onMessage: receive,
            onDisconnect: () => listener({ type: 'suspend' }),
            onResubscribe: () => {
              lastSeen.clear()
              listener({ type: 'resync' })
            },
          })
          .then((unsubscribe) => {
            close = unsubscribe
            closers.add(unsubscribe)
            if (closed) return unsubscribe()
            listener({ type: 'resync' })
          })
          .catch(() => {
            listener({ type: 'suspend' })
            if (closed) return
            const timer = setTimeout(() => void attempt(), retryDelay)
            timer.unref?.()
            retryDelay = Math.min(retryDelay * 2, 5_000)
          })
      const subscribing = attempt()
      pending.add(subscribing)
      return {
        async publish(message: BusMessage) {
          const payload = encodeBusEnvelope({ origin, sequence: ++sequence, message })
          await guarded(undefined, timeout, 'PUBLISH', () =>
            driver.call(['PUBLISH', prefix + channel, payload]),
          )
        },
        leave() {
          closed = true
          if (close !== undefined) {
            closers.delete(close)
            void close().catch(() => {})
          }
        },
      }
    },
    async ready() {
      await Promise.all([...pending])
    },
    async close() {
      await Promise.all([...pending])
      await Promise.all([...closers].map((close) => close().catch(() => {})))
      closers.clear()
    },
  }
}

function randomOrigin(): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
