import { type Duration, errors, parseDuration, type ScriptRunner } from '@layercache/core'
import { isScriptRunner } from '@layercache/core/store'
import { fail, invalidOption } from './errors.js'
import type { FailMode } from './ratelimit-options.js'

/** The longest identifier accepted, in UTF-16 code units. */
export const MAX_IDENTIFIER_LENGTH = 1024
/** The largest count a limit or a rate may have: beyond it Lua's doubles stop being exact integers. */
export const MAX_COUNT = 1_000_000_000

/**
 * Checks an identifier: a non-empty string of at most {@link MAX_IDENTIFIER_LENGTH} characters, and
 * well-formed Unicode. Redis stores strings as UTF-8, where a lone surrogate (half of an emoji, say
 * `'Ann😀'.slice(0, 4)`) becomes U+FFFD: two different identifiers would share one limit on Redis but
 * not in memory, so they are refused before any store sees them.
 */
export function checkIdentifier(identifier: unknown, what = 'identifier'): string {
  if (typeof identifier !== 'string' || identifier.length === 0) {
    fail(errors.INVALID_KEY, `${what} must be a non-empty string, got ${describe(identifier)}`)
  }
  if (identifier.length > MAX_IDENTIFIER_LENGTH) {
    fail(
      errors.INVALID_KEY,
      `${what} is ${identifier.length} characters long; at most ${MAX_IDENTIFIER_LENGTH}`,
    )
  }
  if (!isWellFormed(identifier)) {
    fail(
      errors.INVALID_KEY,
      `${what} holds a lone surrogate (not valid Unicode), which Redis would store as U+FFFD`,
    )
  }
  return identifier
}

/**
 * True unless `text` holds a lone surrogate. `String.prototype.isWellFormed` is in every Node we
 * support (20.19+), but not in the ES2022 lib we compile against.
 */
export function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed()
}

/** Checks a whole count between 1 and `max` (limits, rates, refill amounts). */
export function positiveCount(value: unknown, what: string, max = MAX_COUNT): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    invalidOption(`${what} must be a whole number from 1 to ${max}, got ${describe(value)}`)
  }
  return value
}

/**
 * Parses a duration that must be at least one millisecond, rounded up to whole milliseconds (the
 * scripts count in milliseconds).
 */
export function positiveMilliseconds(duration: Duration, what: string): number {
  const milliseconds = parseDuration(duration, what)
  if (!(milliseconds >= 1) || !Number.isFinite(milliseconds)) {
    fail(errors.INVALID_DURATION, `${what} must be finite and at least 1 ms, got ${describe(duration)}`)
  }
  return Math.ceil(milliseconds)
}

/** The rate (cost) of one call: `1` when left out. */
export function checkRate(rate: number | undefined): number {
  return rate === undefined ? 1 : positiveCount(rate, 'rate')
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

const failModes: readonly FailMode[] = ['open', 'closed', 'local']

/** Checks `failMode`. */
export function checkFailMode(failMode: unknown): FailMode {
  if (!failModes.includes(failMode as FailMode)) {
    invalidOption(`failMode must be 'open', 'closed' or 'local', got ${describe(failMode)}`)
  }
  return failMode as FailMode
}

/**
 * Checks `store`: a `ScriptRunner` of the contract version this core speaks (a store written for
 * another version would misread the scripts' replies).
 */
export function checkStore(store: unknown): ScriptRunner {
  if (!isScriptRunner(store)) {
    invalidOption(
      'store must be a ScriptRunner of this version of @layercache/core, such as createMemoryStore() ' +
        `from @layercache/core or createRedisStore({ client }) from @layercache/redis, got ${describeStore(store)}`,
    )
  }
  return store
}

function describeStore(store: unknown): string {
  if (typeof store !== 'object' || store === null) return String(store)
  const contract = (store as { scriptContract?: unknown }).scriptContract
  return contract === undefined ? 'an object without scriptContract' : `scriptContract ${String(contract)}`
}
