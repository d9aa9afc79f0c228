import { type Duration, errors, LayercacheError, parseDuration } from '@layercache/core'
import type { RedisClient } from '../driver/detect-driver.js'
import type { CircuitBreakerOptions } from '../store/circuit-breaker.js'

/** Default of {@link RedisBusOptions.prefix}. */
export const DEFAULT_BUS_PREFIX = 'lc:bus:'
/** Default of {@link RedisBusOptions.timeout}. */
export const DEFAULT_BUS_TIMEOUT = '1s'
/** Default of {@link RedisBusOptions.heartbeatInterval}. */
export const DEFAULT_HEARTBEAT_INTERVAL = '1s'
/** Default of {@link RedisBusOptions.heartbeatTimeout}, in heartbeat intervals. */
export const HEARTBEAT_TIMEOUT_INTERVALS = 3
/** Default of {@link RedisBusOptions.connectTimeout}. */
export const DEFAULT_BUS_CONNECT_TIMEOUT = '5s'

/** Options of {@link createRedisBus}. */
export interface RedisBusOptions {
  /** The Redis client to publish with; the bus subscribes on its own duplicate connections. Never closed by the bus. */
  client: RedisClient
  /**
   * Prefix of the pub/sub channels (one channel per root namespace). Without commas on Upstash,
   * whose event stream separates fields with commas.
   * @default 'lc:bus:'
   */
  prefix?: string
  /**
   * How long a publish (a message or a heartbeat) may take before it counts as failed; the other
   * members are then told to resync.
   * @default '1s'
   */
  timeout?: Duration
  /**
   * Stop publishing to a Redis that keeps failing (publishes fail at once with `E_STORE_FAILURE`),
   * and try again after a cooldown. Same shape as `createRedisStore`'s; `false` turns it off.
   * @default { failureThreshold: 5, cooldown: '5s' }
   */
  circuitBreaker?: CircuitBreakerOptions | false
  /**
   * How often the bus publishes a heartbeat on each channel it listens to. Heartbeats prove that
   * subscriptions are alive and carry sequence numbers, so a lost message is noticed without waiting
   * for its sender's next one. Each costs one PUBLISH (one request on Upstash).
   * @default '1s'
   */
  heartbeatInterval?: Duration
  /**
   * How long a subscription may hear nothing at all (its own heartbeats included) before it is taken
   * for dead: members are suspended and the bus resubscribes on a fresh connection. At least twice
   * `heartbeatInterval`.
   * @default 3 × heartbeatInterval
   */
  heartbeatTimeout?: Duration
  /**
   * How long one attempt to subscribe may take before its connection is dropped and another is made
   * (with backoff); also how long `ready()` waits before it rejects with `E_STORE_TIMEOUT`.
   * @default '5s'
   */
  connectTimeout?: Duration
}

/** {@link RedisBusOptions} with defaults applied, durations in milliseconds. */
export interface BusSettings {
  readonly prefix: string
  readonly timeout: number
  readonly circuitBreaker: CircuitBreakerOptions | false
  readonly heartbeatInterval: number
  readonly heartbeatTimeout: number
  readonly connectTimeout: number
}

/** setTimeout fires at once for anything longer (a 32-bit signed count of milliseconds). */
const LONGEST_TIMER_MS = 2 ** 31 - 1

/** Applies the defaults and checks every option. */
export function resolveBusSettings(options: RedisBusOptions): BusSettings {
  const prefix = options.prefix ?? DEFAULT_BUS_PREFIX
  if (typeof prefix !== 'string')
    throw new LayercacheError(errors.INVALID_OPTION, `prefix must be a string, got ${typeof prefix}`)
  const heartbeatInterval = timerDuration(
    options.heartbeatInterval ?? DEFAULT_HEARTBEAT_INTERVAL,
    'heartbeatInterval',
  )
  const heartbeatTimeout =
    options.heartbeatTimeout === undefined
      ? heartbeatInterval * HEARTBEAT_TIMEOUT_INTERVALS
      : timerDuration(options.heartbeatTimeout, 'heartbeatTimeout')
  // The silence check runs once per interval: a shorter timeout would take one late heartbeat for death.
  if (heartbeatTimeout < 2 * heartbeatInterval) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      `heartbeatTimeout must be at least twice heartbeatInterval (${heartbeatInterval} ms), got ${heartbeatTimeout} ms`,
    )
  }
  return {
    prefix,
    timeout: timerDuration(options.timeout ?? DEFAULT_BUS_TIMEOUT, 'timeout'),
    circuitBreaker: options.circuitBreaker ?? {},
    heartbeatInterval,
    heartbeatTimeout,
    connectTimeout: timerDuration(options.connectTimeout ?? DEFAULT_BUS_CONNECT_TIMEOUT, 'connectTimeout'),
  }
}

function timerDuration(duration: Duration, what: string): number {
  const milliseconds = parseDuration(duration, what)
  if (milliseconds <= 0 || milliseconds > LONGEST_TIMER_MS) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      `${what} must be more than 0 and at most ${LONGEST_TIMER_MS} ms, got ${String(duration)}`,
    )
  }
  return milliseconds
}
