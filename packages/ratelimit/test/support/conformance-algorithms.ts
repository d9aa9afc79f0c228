import { describe, expect, it } from 'vitest'
import { fixedWindow, gcra, type Limiter, slidingLog, slidingWindow, tokenBucket } from '../../src/index.js'
import { Keyspace } from '../../src/keys.js'
import { CLOCK_SLACK, type ConformanceContext } from './conformance-context.js'
import { pttlScript } from './probe-scripts.js'

/** Each algorithm at capacity 5, with a window long enough that time never matters in a test. */
export const capacityFive: readonly (readonly [string, () => Limiter])[] = [
  ['fixedWindow', () => fixedWindow(5, '1h')],
  ['slidingWindow', () => slidingWindow(5, '1h')],
  ['slidingLog', () => slidingLog(5, '1h')],
  ['tokenBucket', () => tokenBucket(1, '1h', 5)],
  ['gcra', () => gcra(5, '1h')],
]

/** What every algorithm must do on every store. */
export function describeAlgorithmContract(context: ConformanceContext): void {
  describe.each(capacityFive)('%s', (_label, limiter) => {
    it('admits exactly the limit, counting down, then denies', async () => {
      const ratelimit = context.make(limiter())
      for (let spent = 1; spent <= 5; spent++) {
        const response = await ratelimit.limit('user')
        expect(response).toMatchObject({
          success: true,
          reason: 'allowed',
          limit: 5,
          remaining: 5 - spent,
          retryAfter: 0,
        })
        expect(response.reset).toBeGreaterThan(Date.now() - CLOCK_SLACK)
        expect(response.reset).toBeLessThan(Date.now() + ratelimit.limiters[0]!.window * 1.1 + CLOCK_SLACK)
      }
      const denied = await ratelimit.limit('user')
      expect(denied).toMatchObject({ success: false, reason: 'denied', limit: 5, remaining: 0 })
      expect(denied.retryAfter).toBeGreaterThan(0)
      expect(denied.retryAfter).toBeLessThanOrEqual(ratelimit.limiters[0]!.window * 1.1)
      expect((await ratelimit.limit('someone else')).success).toBe(true)
    })

    it('never admits more than the limit to concurrent requests', async () => {
      const ratelimit = context.make(limiter())
      const single = await Promise.all(Array.from({ length: 40 }, () => ratelimit.limit('crowd')))
      expect(single.filter((response) => response.success)).toHaveLength(5)
      const double = await Promise.all(
        Array.from({ length: 20 }, () => ratelimit.limit('pairs', { rate: 2 })),
      )
      expect(double.filter((response) => response.success)).toHaveLength(2)
    })

    it('spends nothing on a rejected request', async () => {
      const ratelimit = context.make(limiter())
      expect(await ratelimit.limit('user', { rate: 3 })).toMatchObject({ success: true, remaining: 2 })
      expect(await ratelimit.limit('user', { rate: 3 })).toMatchObject({ success: false, remaining: 2 })
      expect((await ratelimit.getRemaining('user')).remaining).toBe(2)
      expect(await ratelimit.limit('user', { rate: 2 })).toMatchObject({ success: true, remaining: 0 })
    })

    it('denies a cost above capacity without spending, and says it never fits', async () => {
      const ratelimit = context.make(limiter())
      const response = await ratelimit.limit('user', { rate: 6 })
      expect(response).toMatchObject({ success: false, reason: 'denied', remaining: 5 })
      expect(response.retryAfter).toBe(Number.POSITIVE_INFINITY)
      expect((await ratelimit.getRemaining('user')).remaining).toBe(5)
    })

    it('reads without spending, refunds up to capacity, and resets', async () => {
      const ratelimit = context.make(limiter())
      expect(await ratelimit.getRemaining('user')).toMatchObject({
        remaining: 5,
        limit: 5,
        blockedUntil: 0,
      })
      expect((await ratelimit.getRemaining('user')).remaining).toBe(5)
      await ratelimit.limit('user', { rate: 4 })
      expect((await ratelimit.getRemaining('user')).remaining).toBe(1)
      expect((await ratelimit.refund('user', { rate: 2 })).remaining).toBe(3)
      expect((await ratelimit.refund('user', { rate: 10 })).remaining).toBe(5)
      await ratelimit.limit('user', { rate: 5 })
      await ratelimit.reset('user')
      expect((await ratelimit.getRemaining('user')).remaining).toBe(5)
    })

    it('gives every key it writes a TTL no longer than the limit needs', async () => {
      const ratelimit = context.make(limiter())
      await ratelimit.limit('user', { rate: 2 })
      await ratelimit.block('user', '10 s')
      await ratelimit.refund('user')
      const keys = new Keyspace(context.prefix(), ratelimit.limiters).keys('user')
      const ttls = await context.store().run(pttlScript, keys, [])
      expect(ttls).toHaveLength(2)
      for (const ttl of ttls) {
        expect(ttl).toBeGreaterThan(0)
        expect(ttl).toBeLessThanOrEqual(Math.max(10_000, ratelimit.limiters[0]!.window * 1.1))
      }
    })
  })
}
