/** A date on the calendar, without a time or a zone. `month` is 1..12. */
export interface CalendarDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const DAY = 86_400_000

/** Milliseconds of midnight UTC on `date`: a label for local wall-clock arithmetic, not an instant. */
export function wallTime(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day)
}

/** The calendar date of a wall time from {@link wallTime} (or of any UTC instant). */
export function dateOfWallTime(time: number): CalendarDate {
  const moment = new Date(time)
  return { year: moment.getUTCFullYear(), month: moment.getUTCMonth() + 1, day: moment.getUTCDate() }
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfWallTime(wallTime(date) + days * DAY)
}

/** The first day of the month `months` after the month of `date`. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return dateOfWallTime(Date.UTC(date.year, date.month - 1 + months, 1))
}

/** 0 = Sunday .. 6 = Saturday, as `Date#getDay`. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(wallTime(date)).getUTCDay()
}

/** `YYYY-MM-DD`. */
export function formatDate(date: CalendarDate): string {
  return `${formatMonth(date)}-${String(date.day).padStart(2, '0')}`
}

/** `YYYY-MM`. */
export function formatMonth(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}`
}
