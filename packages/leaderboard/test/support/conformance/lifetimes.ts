import { createManualClock } from '@layercache/core'
import { expect, it } from 'vitest'
import type { ConformanceContext } from './board-factory.js'
import { sleep } from './board-factory.js'

const DAY = 86_400_000
/** Store clocks (Redis TIME) and this process may disagree a little. */
const CLOCK_SLACK = 5_000

/** Key lifetimes, periods, and the store-side time of `reachedAt`. */
export function lifetimesConformance(context: ConformanceContext): void {
  it('gives a board without period no TTL, and a sliding TTL when asked', async () => {
    const forever = context.board({ name: 'forever', rankMode: 'dense' })
    await forever.submit('a', 1)
    expect(await context.lifetimes(forever)).toEqual([-1, -1, -2, -1, -1])
    const expiring = context.board({ name: 'expiring', ttl: '1h', rankMode: 'dense' })
    await expiring.submit('a', 1, { metadata: { name: 'Ada' } })
    for (const lifetime of await context.lifetimes(expiring)) {
      expect(lifetime).toBeGreaterThan(3_600_000 - CLOCK_SLACK)
      expect(lifetime).toBeLessThanOrEqual(3_600_000)
    }
  })

  it('gives every key of a period a TTL that covers keep periods', async () => {
    const board = context.board({ period: 'daily', timeZone: 'America/New_York', keep: 2, rankMode: 'dense' })
    await board.submit('a', 1, { metadata: { name: 'Ada' } })
    const period = board.period()!
    const expected = period.expiresAt.getTime() - Date.now()
    expect(period.expiresAt.getTime() - period.end.getTime()).toBeGreaterThanOrEqual(2 * DAY - 3_600_000)
    for (const lifetime of await context.lifetimes(board)) {
      expect(Math.abs(lifetime - expected)).toBeLessThan(CLOCK_SLACK)
    }
  })

  it('keeps periods apart and reads a past one with at() and previous()', async () => {
    const today = context.board({ period: 'weekly' })
    const clock = createManualClock(Date.now() + 7 * DAY)
    const nextWeek = context.board({ period: 'weekly', clock })
    await today.submit('a', 10)
    await nextWeek.submit('b', 20)
    expect((await today.top()).map((entry) => entry.member)).toEqual(['a'])
    expect((await nextWeek.top()).map((entry) => entry.member)).toEqual(['b'])
    expect((await nextWeek.previous().top()).map((entry) => entry.member)).toEqual(['a'])
    expect(await nextWeek.at(Date.now()).rank('a')).toBe(1)
    expect(await today.at(clock.now()).score('b')).toBe(20)
    expect(await today.at(Date.now() - 7 * DAY).count()).toBe(0)
  })

  it('expires a period after keep more periods', async () => {
    // The board's periods run on an injected clock, so a slow call never lands in the next period;
    // the keys expire on the store's clock (PEXPIREAT, real time), with a second of margin.
    const clock = createManualClock(Date.now())
    const board = context.board({ period: { every: '2s' }, keep: 1, clock })
    clock.set(board.period()!.start.getTime() + 100)
    await board.submit('a', 10)
    const written = board.period()!
    clock.set(written.end.getTime() + 100)
    expect(await board.count()).toBe(0)
    expect(await board.previous().score('a')).toBe(10)
    await sleep(Math.max(0, written.expiresAt.getTime() - Date.now()) + 1000)
    expect(await board.at(written.start).count()).toBe(0)
    expect(await context.lifetimes(board, written.start.getTime())).toEqual([-2, -2, -2, -2, -2])
  })

  it("reports reachedAt from the store's clock, kept while the score stands", async () => {
    const board = context.board()
    const before = Date.now()
    const first = await board.submit('a', 10)
    expect(first.reachedAt).toBeGreaterThan(before - CLOCK_SLACK)
    expect(first.reachedAt).toBeLessThan(Date.now() + CLOCK_SLACK)
    await sleep(5)
    expect((await board.submit('a', 5)).reachedAt).toBe(first.reachedAt)
    expect((await board.top(1, { with: ['reachedAt'] }))[0]?.reachedAt).toBe(first.reachedAt)
    const improved = await board.submit('a', 20)
    expect(improved.reachedAt).toBeGreaterThanOrEqual(first.reachedAt)
  })
}
