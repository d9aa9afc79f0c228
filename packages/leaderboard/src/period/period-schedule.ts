import { addDays, addMonths, type CalendarDate, dayOfWeek, formatDate, formatMonth } from './calendar-date.js'
import { TimeZone } from './time-zone.js'

/** One period of a periodic board. Times are milliseconds since the epoch. */
export interface Period {
  /** Names the period in keys: `daily:2024-03-10`, `weekly:2024-03-04`, `monthly:2024-03`, `every-900000ms:2024-03-10T12:15:00.000Z`. */
  readonly id: string
  /** First instant of the period. */
  readonly start: number
  /** First instant of the next period. */
  readonly end: number
  /** When the period's keys expire: the end of the `keep`-th period after it. */
  readonly expiresAt: number
}

/** Finds the period that contains an instant. */
export interface PeriodSchedule {
  periodAt(instant: number): Period
}

/** The calendar periods. */
export type CalendarPeriod = 'daily' | 'weekly' | 'monthly'

interface CalendarRules {
  /** First day of the period that contains `date`. */
  first(date: CalendarDate): CalendarDate
  /** First day of the period `count` periods after the one starting on `first`. */
  advance(first: CalendarDate, count: number): CalendarDate
  label(first: CalendarDate): string
}

function calendarRules(period: CalendarPeriod, weekStart: number): CalendarRules {
  if (period === 'daily') {
    return { first: (date) => date, advance: (first, count) => addDays(first, count), label: formatDate }
  }
  if (period === 'weekly') {
    return {
      first: (date) => addDays(date, -((dayOfWeek(date) - weekStart + 7) % 7)),
      advance: (first, count) => addDays(first, 7 * count),
      label: formatDate,
    }
  }
  return {
    first: (date) => ({ year: date.year, month: date.month, day: 1 }),
    advance: (first, count) => addMonths(first, count),
    label: formatMonth,
  }
}

/**
 * Days, weeks (starting on `weekStart`, 0 = Sunday) or months of the calendar in `timeZone`. The
 * last period found is remembered, so the `Intl` work happens once per period, not once per call.
 */
export function calendarSchedule(
  period: CalendarPeriod,
  timeZone: string,
  weekStart: number,
  keep: number,
): PeriodSchedule {
  const zone = new TimeZone(timeZone)
  const rules = calendarRules(period, weekStart)
  let remembered: Period | undefined
  return {
    periodAt(instant) {
      if (remembered !== undefined && instant >= remembered.start && instant < remembered.end)
        return remembered
      let first = rules.first(zone.dateAt(instant))
      // A local clock stepping back over midnight can show yesterday's date after today began.
      const next = rules.advance(first, 1)
      if (zone.startOf(next) <= instant) first = next
      const found: Period = {
        id: `${period}:${rules.label(first)}`,
        start: zone.startOf(first),
        end: zone.startOf(rules.advance(first, 1)),
        expiresAt: zone.startOf(rules.advance(first, keep + 1)),
      }
      remembered = found
      return found
    },
  }
}

/** Fixed-length periods `[origin + k·every, origin + (k+1)·every)`, in absolute time. */
export function intervalSchedule(every: number, origin: number, keep: number): PeriodSchedule {
  return {
    periodAt(instant) {
      const start = origin + Math.floor((instant - origin) / every) * every
      return {
        id: `every-${every}ms:${new Date(start).toISOString()}`,
        start,
        end: start + every,
        expiresAt: start + (keep + 1) * every,
      }
    },
  }
}
