import {
  type Clock,
  type Duration,
  errors,
  LayercacheError,
  parseDuration,
  parseTtl,
  type ScriptRunner,
} from '@layercache/core'
import { assertPrefix } from './lock-keys.js'
import { type LockNotifier, sharedNotifierOf } from './lock-notifier.js'
import {
  DEFAULT_DRIFT_FACTOR,
  DEFAULT_FENCE_RETENTION,
  DEFAULT_MAX_RETRY_DELAY,
  DEFAULT_PREFIX,
  DEFAULT_RETRY_DELAY,
  DEFAULT_TTL,
  type LockSharedOptions,
} from './lock-options.js'
import { driftOf } from './validity.js'

/** Everything a lock needs, validated and in milliseconds. */
export interface LockSettings {
  readonly stores: readonly ScriptRunner[]
  /** How many stores must agree: all of one, or a majority of several. */
  readonly quorum: number
  readonly prefix: string
  readonly ttl: number
  readonly retryDelay: number
  readonly maxRetryDelay: number
  readonly driftFactor: number
  readonly fenceRetention: number
  readonly notifier: LockNotifier
  readonly clock: Clock
}

/** Monotonic, so a wall-clock step during a round trip never makes an expired lock look valid. */
const monotonicClock: Clock = { now: () => performance.timeOrigin + performance.now() }

function invalidOption(message: string): never {
  throw new LayercacheError(errors.INVALID_OPTION, message)
}

function assertStores(stores: unknown): asserts stores is readonly ScriptRunner[] {
  if (!Array.isArray(stores) || stores.length === 0) invalidOption('at least one store is required')
  for (const store of stores) {
    if (typeof (store as ScriptRunner | undefined)?.run !== 'function') {
      invalidOption(
        'every store must be a ScriptRunner with run(): createMemoryStore() or createRedisStore({ client })',
      )
    }
  }
  if (new Set(stores).size !== stores.length) invalidOption('each store may be given only once')
}

/** Parses a lock TTL into whole milliseconds; it must outlast the clock drift allowance. */
export function parseLockTtl(ttl: Duration, driftFactor: number, what = 'ttl'): number {
  const milliseconds = Math.ceil(parseTtl(ttl, what))
  if (!Number.isSafeInteger(milliseconds)) {
    throw new LayercacheError(errors.INVALID_TTL, `${what} must be finite, got ${String(ttl)}`)
  }
  if (milliseconds <= driftOf(milliseconds, driftFactor)) {
    throw new LayercacheError(
      errors.INVALID_TTL,
      `${what} must be longer than the clock drift allowance (${driftOf(milliseconds, driftFactor)} ms), got ${milliseconds} ms`,
    )
  }
  return milliseconds
}

function parsePositive(duration: Duration, what: string): number {
  const milliseconds = parseDuration(duration, what)
  if (milliseconds <= 0 || !Number.isFinite(milliseconds)) {
    invalidOption(`${what} must be a positive, finite duration, got ${String(duration)}`)
  }
  return milliseconds
}

/** Validates `options` and applies the defaults, in one place. */
export function resolveLockSettings(stores: unknown, options: LockSharedOptions = {}): LockSettings {
  assertStores(stores)
  const prefix = options.prefix ?? DEFAULT_PREFIX
  assertPrefix(prefix)
  const driftFactor = options.driftFactor ?? DEFAULT_DRIFT_FACTOR
  if (typeof driftFactor !== 'number' || !(driftFactor >= 0 && driftFactor <= 0.5)) {
    invalidOption(`driftFactor must be a number from 0 to 0.5, got ${String(driftFactor)}`)
  }
  const retryDelay = parsePositive(options.retryDelay ?? DEFAULT_RETRY_DELAY, 'retryDelay')
  const maxRetryDelay = parsePositive(options.maxRetryDelay ?? DEFAULT_MAX_RETRY_DELAY, 'maxRetryDelay')
  if (maxRetryDelay < retryDelay) {
    invalidOption(
      `maxRetryDelay (${maxRetryDelay} ms) must not be shorter than retryDelay (${retryDelay} ms)`,
    )
  }
  const notifier = options.notifier ?? sharedNotifierOf(stores[0]!)
  if (typeof notifier.notify !== 'function' || typeof notifier.subscribe !== 'function') {
    invalidOption('notifier must have notify(key) and subscribe(key, listener)')
  }
  const clock = options.clock ?? monotonicClock
  if (typeof clock.now !== 'function') invalidOption('clock must have now()')
  return {
    stores,
    quorum: Math.floor(stores.length / 2) + 1,
    prefix,
    ttl: parseLockTtl(options.ttl ?? DEFAULT_TTL, driftFactor),
    retryDelay,
    maxRetryDelay,
    driftFactor,
    fenceRetention: Math.ceil(
      parsePositive(options.fenceRetention ?? DEFAULT_FENCE_RETENTION, 'fenceRetention'),
    ),
    notifier,
    clock,
  }
}

/** Parses `wait`: `undefined` stays `undefined` (no waiting); `Infinity` is allowed. */
export function parseWait(wait: Duration | undefined): number | undefined {
  return wait === undefined ? undefined : parseDuration(wait, 'wait')
}
