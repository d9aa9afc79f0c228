import { errors } from '@layercache/core'
import { fail } from '../errors.js'
import { type CalendarDate, dateOfWallTime, wallTime } from './calendar-date.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const known = formatters.get(timeZone)
  if (known !== undefined) return known
  let formatter: Intl.DateTimeFormat
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch (error) {
    fail(errors.INVALID_OPTION, `timeZone ${JSON.stringify(timeZone)} is not an IANA time zone`, error)
  }
  formatters.set(timeZone, formatter)
  return formatter
}

/**
 * Local calendar arithmetic in one IANA time zone, through `Intl` (no bundled tz database). Day
 * boundaries are found as instants, so days of 23 or 25 hours (DST) and days whose midnight does
 * not exist (zones that change clocks at 00:00) come out right.
 */
export class TimeZone {
  private readonly formatter: Intl.DateTimeFormat

  constructor(readonly name: string) {
    this.formatter = formatterFor(name)
  }

  /** The local wall clock at `instant`, as a UTC-based millisecond label (seconds precision). */
  wallClockAt(instant: number): number {
    const seconds = Math.floor(instant / 1000) * 1000
    const fields: Record<string, number> = {}
    for (const part of this.formatter.formatToParts(seconds)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value)
    }
    return Date.UTC(
      fields.year!,
      fields.month! - 1,
      fields.day!,
      fields.hour!,
      fields.minute!,
      fields.second!,
    )
  }

  /** Local minus UTC at `instant`, in milliseconds. */
  offsetAt(instant: number): number {
    const seconds = Math.floor(instant / 1000) * 1000
    return this.wallClockAt(seconds) - seconds
  }

  /** The local calendar date at `instant`. */
  dateAt(instant: number): CalendarDate {
    return dateOfWallTime(this.wallClockAt(instant))
  }

  /** The first instant whose local wall clock reads `date` 00:00 or later. */
  startOf(date: CalendarDate): number {
    const midnight = wallTime(date)
    const offsets = [...new Set([this.offsetAt(midnight - DAY), this.offsetAt(midnight + DAY)])]
    const exact = offsets
      .map((offset) => midnight - offset)
      .filter((candidate) => this.wallClockAt(candidate) === midnight)
    if (exact.length > 0) return Math.min(...exact)
    // Midnight falls in a gap (clocks jumped over it): the day starts at the jump.
    let before = midnight - Math.max(...offsets) - HOUR
    let after = midnight - Math.min(...offsets) + HOUR
    while (after - before > 1000) {
      const middle = before + Math.floor((after - before) / 2000) * 1000
      if (this.wallClockAt(middle) >= midnight) after = middle
      else before = middle
    }
    return after
  }
}
