import { type Clock, errors, parseDuration, parseTtl, type ScriptRunner, systemClock } from '@layercache/core'
import { fail } from './errors.js'
import {
  DEFAULT_KEEP,
  DEFAULT_MAX_MEMBER_LENGTH,
  DEFAULT_MAX_METADATA_LENGTH,
  DEFAULT_ORDER,
  DEFAULT_PREFIX,
  DEFAULT_RANK_MODE,
  DEFAULT_TIE_BREAK,
  DEFAULT_TIME_ZONE,
  DEFAULT_UPDATE,
  DEFAULT_WEEK_START,
  type LeaderboardOptions,
  type LeaderboardOrder,
  type LeaderboardPeriod,
  MAX_KEEP,
  MAX_NAME_LENGTH,
  MIN_INTERVAL,
  type RankMode,
  type TieBreak,
  type UpdateMode,
  type Weekday,
} from './options.js'
import { calendarSchedule, intervalSchedule, type PeriodSchedule } from './period/period-schedule.js'
import { TimeZone } from './period/time-zone.js'
import { hasLoneSurrogate } from './validation.js'

/** {@link LeaderboardOptions} with defaults applied and every value checked. */
export interface BoardSettings {
  readonly store: ScriptRunner
  readonly name: string
  readonly prefix: string
  readonly order: LeaderboardOrder
  readonly update: UpdateMode
  readonly rankMode: RankMode
  readonly tieBreak: TieBreak
  /** Undefined for a board without period. */
  readonly schedule: PeriodSchedule | undefined
  /** Milliseconds; undefined when keys never expire. */
  readonly ttl: number | undefined
  readonly maxMemberLength: number
  readonly maxMetadataLength: number
  readonly clock: Clock
}

const weekdays: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
]
const namePattern = /^[A-Za-z0-9_.:-]+$/
const prefixPattern = /^[^{}]*$/

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback
  if (!allowed.includes(value)) {
    fail(errors.INVALID_OPTION, `${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
  }
  return value
}

function wholeNumber(
  value: number | undefined,
  fallback: number,
  minimum: number,
  maximum: number,
  what: string,
) {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
    fail(errors.INVALID_OPTION, `${what} must be an integer from ${minimum} to ${maximum}, got ${value}`)
  }
  return value
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !namePattern.test(name) || name.length > MAX_NAME_LENGTH) {
    fail(
      errors.INVALID_KEY,
      `name must be 1 to ${MAX_NAME_LENGTH} characters of [A-Za-z0-9_.:-], got ${JSON.stringify(name)}`,
    )
  }
  return name
}

function resolveSchedule(options: LeaderboardOptions, keep: number): PeriodSchedule | undefined {
  const period: LeaderboardPeriod | undefined = options.period
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
  const weekStart = weekdays.indexOf(oneOf(options.weekStart, weekdays, DEFAULT_WEEK_START, 'weekStart'))
  if (options.timeZone !== undefined) new TimeZone(timeZone)
  if (period === undefined) return undefined
  if (typeof period === 'string') {
    const calendar = oneOf(period, ['daily', 'weekly', 'monthly'], 'daily', 'period')
    return calendarSchedule(calendar, timeZone, weekStart, keep)
  }
  if (typeof period !== 'object' || period === null) {
    fail(
      errors.INVALID_OPTION,
      `period must be 'daily', 'weekly', 'monthly' or { every }, got ${String(period)}`,
    )
  }
  const every = parseDuration(period.every, 'period.every')
  if (!Number.isSafeInteger(every) || every < MIN_INTERVAL) {
    fail(
      errors.INVALID_OPTION,
      `period.every must be a whole number of milliseconds, at least 1s, got ${every}ms`,
    )
  }
  const origin = period.origin instanceof Date ? period.origin.getTime() : (period.origin ?? 0)
  if (!Number.isSafeInteger(origin)) {
    fail(
      errors.INVALID_OPTION,
      `period.origin must be a Date or whole milliseconds, got ${String(period.origin)}`,
    )
  }
  return intervalSchedule(every, origin, keep)
}

function resolveTtl(options: LeaderboardOptions): number | undefined {
  if (options.ttl === undefined) return undefined
  if (options.period !== undefined) {
    fail(errors.INVALID_OPTION, 'ttl applies to boards without period; periodic boards expire by keep')
  }
  const ttl = parseTtl(options.ttl)
  return ttl === Number.POSITIVE_INFINITY ? undefined : Math.ceil(ttl)
}

/** Applies defaults and validates; throws `LayercacheError` (`E_INVALID_OPTION`, `E_INVALID_KEY`, ...). */
export function resolveOptions(options: LeaderboardOptions): BoardSettings {
  if (typeof options?.store?.run !== 'function') {
    fail(
      errors.INVALID_OPTION,
      'store must be a layercache ScriptRunner, such as createMemoryStore() or createRedisStore({ client })',
    )
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX
  if (typeof prefix !== 'string' || !prefixPattern.test(prefix) || hasLoneSurrogate(prefix)) {
    fail(
      errors.INVALID_OPTION,
      `prefix must be a string of valid Unicode without { or }, got ${JSON.stringify(prefix)}`,
    )
  }
  const keep = wholeNumber(options.keep, DEFAULT_KEEP, 0, MAX_KEEP, 'keep')
  return {
    store: options.store,
    name: checkName(options.name),
    prefix,
    order: oneOf(options.order, ['desc', 'asc'], DEFAULT_ORDER, 'order'),
    update: oneOf(options.update, ['best', 'replace', 'increment'], DEFAULT_UPDATE, 'update'),
    rankMode: oneOf(options.rankMode, ['ordinal', 'competition', 'dense'], DEFAULT_RANK_MODE, 'rankMode'),
    tieBreak: oneOf(options.tieBreak, ['earliest', 'latest'], DEFAULT_TIE_BREAK, 'tieBreak'),
    schedule: resolveSchedule(options, keep),
    ttl: resolveTtl(options),
    maxMemberLength: wholeNumber(
      options.maxMemberLength,
      DEFAULT_MAX_MEMBER_LENGTH,
      1,
      65_536,
      'maxMemberLength',
    ),
    maxMetadataLength: wholeNumber(
      options.maxMetadataLength,
      DEFAULT_MAX_METADATA_LENGTH,
      2,
      1_048_576,
      'maxMetadataLength',
    ),
    clock: options.clock ?? systemClock,
  }
}
