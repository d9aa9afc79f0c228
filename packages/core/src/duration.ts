import { errors, fail } from './errors.js'

/**
 * A length of time: a number of **seconds**, or a string with a unit such as `'10 s'`, `'5m'`,
 * `'1h'`, `'1.5 days'`, `'250ms'`. Units are lower case (`'5 M'` is refused, never read as minutes).
 * `Infinity` means "never expires"; finite lengths over {@link MAX_DURATION_MS} are refused.
 */
export type Duration = number | string

/**
 * The longest finite duration accepted, in milliseconds: `Number.MAX_SAFE_INTEGER` (about 285,000
 * years). Past it milliseconds are no longer exact integers, which Redis needs; use `Infinity` for
 * "never".
 */
export const MAX_DURATION_MS = Number.MAX_SAFE_INTEGER

// A Map, so 'constructor' or 'toString' is just an unknown unit, not something off Object.prototype.
const unitMilliseconds: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ms: 1,
    msec: 1,
    msecs: 1,
    millisecond: 1,
    milliseconds: 1,
    s: 1000,
    sec: 1000,
    secs: 1000,
    second: 1000,
    seconds: 1000,
    m: 60_000,
    min: 60_000,
    mins: 60_000,
    minute: 60_000,
    minutes: 60_000,
    h: 3_600_000,
    hr: 3_600_000,
    hrs: 3_600_000,
    hour: 3_600_000,
    hours: 3_600_000,
    d: 86_400_000,
    day: 86_400_000,
    days: 86_400_000,
    w: 604_800_000,
    week: 604_800_000,
    weeks: 604_800_000,
  }),
)
const acceptedUnits = [...unitMilliseconds.keys()].join(', ')

const durationPattern = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]+)\s*$/

/**
 * Parses a {@link Duration} into milliseconds. Numbers are seconds. Throws `E_INVALID_DURATION` for
 * anything else: NaN, negative, a unit that is not one of the lower-case units (`'5 M'`, `'1H'`,
 * `'2 Min'` are refused), or a finite length over {@link MAX_DURATION_MS} milliseconds. `Infinity`
 * (the number) is accepted and means never.
 *
 * @example
 * ```ts
 * parseDuration('5m') // 300000
 * parseDuration(300)  // 300000
 * parseDuration('5 M') // throws E_INVALID_DURATION
 * ```
 */
export function parseDuration(duration: Duration, what = 'duration'): number {
  if (typeof duration === 'number') {
    if (Number.isNaN(duration) || duration < 0) {
      fail(errors.INVALID_DURATION, `${what} must be a non-negative number of seconds, got ${duration}`)
    }
    return duration === Number.POSITIVE_INFINITY ? duration : withinLimit(duration * 1000, duration, what)
  }
  if (typeof duration !== 'string') {
    fail(
      errors.INVALID_DURATION,
      `${what} must be a number of seconds or a string like '5m', got ${typeof duration}`,
    )
  }
  const match = durationPattern.exec(duration)
  const unit = match ? unitMilliseconds.get(match[2]!) : undefined
  if (!match || unit === undefined) {
    fail(
      errors.INVALID_DURATION,
      `${what} ${JSON.stringify(duration)} is not a duration; use seconds (300) or a string like '10 s', '5m', '1h', '2d' ` +
        `with one of the units ${acceptedUnits} (in lower case)`,
    )
  }
  return withinLimit(Number(match[1]) * unit, duration, what)
}

// A finite duration's milliseconds, unless they pass MAX_DURATION_MS (or overflow to Infinity).
function withinLimit(milliseconds: number, duration: Duration, what: string): number {
  if (milliseconds > MAX_DURATION_MS) {
    fail(
      errors.INVALID_DURATION,
      `${what} ${JSON.stringify(duration)} is longer than ${MAX_DURATION_MS} ms, the longest finite duration; ` +
        'use Infinity for never',
    )
  }
  return milliseconds
}

/**
 * Parses a TTL: like {@link parseDuration}, but what it refuses (and zero) is refused with
 * `E_INVALID_TTL`.
 */
export function parseTtl(ttl: Duration, what = 'ttl'): number {
  let milliseconds: number
  try {
    milliseconds = parseDuration(ttl, what)
  } catch (error) {
    fail(errors.INVALID_TTL, (error as Error).message, error)
  }
  if (milliseconds <= 0) fail(errors.INVALID_TTL, `${what} must be greater than zero, got ${String(ttl)}`)
  return milliseconds
}
