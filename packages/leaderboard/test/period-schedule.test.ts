import { describe, expect, it } from 'vitest'
import { calendarSchedule, intervalSchedule } from '../src/period/period-schedule.js'

const HOUR = 3_600_000
const MONDAY = 1
const SUNDAY = 0
const iso = (instant: number) => new Date(instant).toISOString()

function describePeriod(period: { id: string; start: number; end: number; expiresAt: number }) {
  return { id: period.id, start: iso(period.start), end: iso(period.end), expiresAt: iso(period.expiresAt) }
}

describe('calendar periods', () => {
  it('starts days at local midnight, with 23- and 25-hour days across DST', () => {
    const newYork = calendarSchedule('daily', 'America/New_York', MONDAY, 1)
    const springForward = newYork.periodAt(Date.parse('2024-03-10T12:00:00Z'))
    expect(describePeriod(springForward)).toEqual({
      id: 'daily:2024-03-10',
      start: '2024-03-10T05:00:00.000Z',
      end: '2024-03-11T04:00:00.000Z',
      expiresAt: '2024-03-12T04:00:00.000Z',
    })
    expect(springForward.end - springForward.start).toBe(23 * HOUR)
    const fallBack = newYork.periodAt(Date.parse('2024-11-03T05:30:00Z'))
    expect(fallBack.id).toBe('daily:2024-11-03')
    expect(fallBack.end - fallBack.start).toBe(25 * HOUR)
  })

  it('starts a day at the jump when its midnight does not exist', () => {
    // Chile moves 00:00 to 01:00 on 2024-09-08.
    const santiago = calendarSchedule('daily', 'America/Santiago', MONDAY, 0)
    const period = santiago.periodAt(Date.parse('2024-09-08T12:00:00Z'))
    expect(describePeriod(period)).toEqual({
      id: 'daily:2024-09-08',
      start: '2024-09-08T04:00:00.000Z',
      end: '2024-09-09T03:00:00.000Z',
      expiresAt: '2024-09-09T03:00:00.000Z',
    })
    expect(santiago.periodAt(period.start - 1).id).toBe('daily:2024-09-07')
    expect(santiago.periodAt(period.start).id).toBe('daily:2024-09-08')
  })

  it('handles half-hour offsets and half-hour DST shifts', () => {
    const kolkata = calendarSchedule('daily', 'Asia/Kolkata', MONDAY, 1)
    expect(iso(kolkata.periodAt(Date.parse('2024-04-07T03:30:00Z')).start)).toBe('2024-04-06T18:30:00.000Z')
    const lordHowe = calendarSchedule('monthly', 'Australia/Lord_Howe', MONDAY, 0)
    expect(describePeriod(lordHowe.periodAt(Date.parse('2024-04-15T12:00:00Z')))).toEqual({
      id: 'monthly:2024-04',
      start: '2024-03-31T13:00:00.000Z',
      end: '2024-04-30T13:30:00.000Z',
      expiresAt: '2024-04-30T13:30:00.000Z',
    })
  })

  it('starts weeks on weekStart and months on the 1st, leap years included', () => {
    const at = Date.parse('2024-03-06T12:00:00Z') // a Wednesday
    expect(calendarSchedule('weekly', 'UTC', MONDAY, 1).periodAt(at).id).toBe('weekly:2024-03-04')
    expect(calendarSchedule('weekly', 'UTC', SUNDAY, 1).periodAt(at).id).toBe('weekly:2024-03-03')
    expect(calendarSchedule('weekly', 'UTC', 3, 1).periodAt(at).id).toBe('weekly:2024-03-06')
    const paris = calendarSchedule('weekly', 'Europe/Paris', SUNDAY, 2).periodAt(
      Date.parse('2024-03-31T12:00:00Z'),
    )
    expect(paris.end - paris.start).toBe(167 * HOUR)
    expect(iso(paris.expiresAt)).toBe('2024-04-20T22:00:00.000Z')
    const february = calendarSchedule('monthly', 'UTC', MONDAY, 1).periodAt(
      Date.parse('2024-02-29T23:59:59Z'),
    )
    expect(describePeriod(february)).toEqual({
      id: 'monthly:2024-02',
      start: '2024-02-01T00:00:00.000Z',
      end: '2024-03-01T00:00:00.000Z',
      expiresAt: '2024-04-01T00:00:00.000Z',
    })
    const december = calendarSchedule('monthly', 'UTC', MONDAY, 1).periodAt(
      Date.parse('2024-12-31T12:00:00Z'),
    )
    expect(iso(december.end)).toBe('2025-01-01T00:00:00.000Z')
  })

  it('finds the period of every instant: start <= instant < end, and consecutive periods touch', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Santiago']) {
      const schedule = calendarSchedule('daily', zone, MONDAY, 3)
      let instant = Date.parse('2024-01-01T00:00:00Z')
      let previous = schedule.periodAt(instant)
      for (let step = 0; step < 400; step++) {
        const period = schedule.periodAt(previous.end)
        expect(period.start).toBe(previous.end)
        expect(period.id).not.toBe(previous.id)
        instant = period.start + 7 * HOUR
        const inside = schedule.periodAt(instant)
        expect(inside.start <= instant && instant < inside.end).toBe(true)
        expect(schedule.periodAt(period.end - 1).id).toBe(period.id)
        previous = period
      }
    }
  })
})

describe('interval periods', () => {
  it('counts fixed periods from the origin', () => {
    const quarterHours = intervalSchedule(15 * 60_000, 0, 2)
    const period = quarterHours.periodAt(Date.parse('2024-03-10T12:20:00Z'))
    expect(describePeriod(period)).toEqual({
      id: 'every-900000ms:2024-03-10T12:15:00.000Z',
      start: '2024-03-10T12:15:00.000Z',
      end: '2024-03-10T12:30:00.000Z',
      expiresAt: '2024-03-10T13:00:00.000Z',
    })
    const shifted = intervalSchedule(6 * HOUR, Date.parse('2024-01-01T05:00:00Z'), 0)
    expect(iso(shifted.periodAt(Date.parse('2024-03-10T04:59:59Z')).start)).toBe('2024-03-09T23:00:00.000Z')
    expect(iso(shifted.periodAt(Date.parse('1970-01-01T00:00:00Z')).start)).toBe('1969-12-31T23:00:00.000Z')
  })
})
