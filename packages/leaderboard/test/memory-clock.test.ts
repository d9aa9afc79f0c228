import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createLeaderboard, type LeaderboardOptions } from '../src/index.js'
import { boardKeys } from '../src/keys.js'
import { keyLifetimesScript } from './support/key-lifetimes-script.js'

// Memory-only: the store and the board share a manual clock, so times and expiry are exact.
const HOUR = 3_600_000
const DAY = 24 * HOUR

function setup(start: string, options: Partial<LeaderboardOptions> = {}) {
  const clock = createManualClock(Date.parse(start))
  const store = createMemoryStore({ clock, sweepInterval: 0 })
  const board = createLeaderboard({ store, name: 'clocked', clock, ...options })
  const lifetimes = (at?: number) =>
    store.run(keyLifetimesScript, boardKeys('lb:', 'clocked', board.period(at)?.id), [])
  return { clock, store, board, lifetimes }
}

describe('leaderboard on a memory store with a manual clock', () => {
  it("records reachedAt from the store's clock and keeps it while the score stands", async () => {
    const { clock, board } = setup('2024-05-01T10:00:00Z')
    expect((await board.submit('a', 10)).reachedAt).toBe(Date.parse('2024-05-01T10:00:00Z'))
    clock.advance(1234)
    expect((await board.submit('a', 9)).reachedAt).toBe(Date.parse('2024-05-01T10:00:00Z'))
    expect((await board.submit('a', 11)).reachedAt).toBe(Date.parse('2024-05-01T10:00:01.234Z'))
  })

  it('orders ties by arrival even within one millisecond', async () => {
    const { board } = setup('2024-05-01T10:00:00Z')
    const members = ['m9', 'm1', 'm5', 'm3', 'm7']
    for (const member of members) await board.submit(member, 42)
    expect((await board.top(5)).map((entry) => entry.member)).toEqual(members)
    expect(new Set((await board.top(5, { with: ['reachedAt'] })).map((entry) => entry.reachedAt)).size).toBe(
      1,
    )
  })

  it('renews a sliding ttl on every write and drops the board after it', async () => {
    const { clock, board, lifetimes } = setup('2024-05-01T10:00:00Z', { ttl: '1m' })
    await board.submit('a', 1)
    clock.advance(50_000)
    await board.submit('b', 2)
    expect(await lifetimes()).toEqual([60_000, 60_000, -2, 60_000, -2])
    clock.advance(50_000)
    expect(await board.count()).toBe(2)
    clock.advance(10_000)
    expect(await board.count()).toBe(0)
    expect(await lifetimes()).toEqual([-2, -2, -2, -2, -2])
  })

  it('rolls a daily board over at local midnight across DST, keeping one past day', async () => {
    // Europe/Paris moves to summer time on 2024-03-31: that day lasts 23 hours.
    const { clock, board, lifetimes } = setup('2024-03-30T22:30:00Z', {
      period: 'daily',
      timeZone: 'Europe/Paris',
    })
    await board.submit('saturday', 1)
    expect(board.period()?.id).toBe('daily:2024-03-30')
    clock.set(Date.parse('2024-03-30T23:00:00Z')) // 00:00 in Paris
    expect(board.period()?.id).toBe('daily:2024-03-31')
    expect(await board.count()).toBe(0)
    await board.submit('sunday', 2)
    expect((await board.previous().top()).map((entry) => entry.member)).toEqual(['saturday'])
    expect(await lifetimes()).toEqual([47 * HOUR, 47 * HOUR, -2, 47 * HOUR, -2])

    clock.set(Date.parse('2024-03-31T22:00:00Z')) // 00:00 on April 1st (UTC+2 now)
    expect(board.period()?.id).toBe('daily:2024-04-01')
    expect(await board.previous().score('sunday')).toBe(2)
    expect(await board.at(Date.parse('2024-03-30T12:00:00Z')).count()).toBe(0)
    expect(await lifetimes(Date.parse('2024-03-30T12:00:00Z'))).toEqual([-2, -2, -2, -2, -2])
  })

  it('keeps as many past periods as keep says', async () => {
    const { clock, board } = setup('2024-05-01T00:00:00Z', { period: { every: '1h' }, keep: 3 })
    for (let hour = 0; hour < 6; hour++) {
      await board.submit(`hour${hour}`, hour)
      clock.advance(HOUR)
    }
    const start = Date.parse('2024-05-01T00:00:00Z')
    const counts = []
    for (let hour = 0; hour < 6; hour++) counts.push(await board.at(start + hour * HOUR).count())
    expect(counts).toEqual([0, 0, 0, 1, 1, 1])
  })

  it('starts weekly boards on weekStart in the time zone', async () => {
    const { clock, board } = setup('2024-05-04T23:30:00Z', {
      period: 'weekly',
      weekStart: 'sunday',
      timeZone: 'America/Los_Angeles',
    })
    expect(board.period()).toEqual({
      id: 'weekly:2024-04-28',
      start: new Date('2024-04-28T07:00:00Z'),
      end: new Date('2024-05-05T07:00:00Z'),
      expiresAt: new Date('2024-05-12T07:00:00Z'),
    })
    await board.submit('a', 1)
    clock.advance(8 * HOUR)
    expect(board.period()?.id).toBe('weekly:2024-05-05')
    expect(await board.count()).toBe(0)
    expect(await board.previous().count()).toBe(1)
    clock.advance(7 * DAY)
    expect(await board.previous().count()).toBe(0)
  })
})
