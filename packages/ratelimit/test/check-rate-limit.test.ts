import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { checkRateLimit, createRateLimit, createRateLimitCheck, slidingWindow } from '../src/index.js'

describe('the brief, as written', () => {
  it('checkRateLimit(userId, 100, 60) works with zero setup', async () => {
    const userId = 'user-456'
    for (let i = 0; i < 100; i++) {
      const allowed = await checkRateLimit(userId, 100, 60)
      if (!allowed) throw new Error('Rate limit exceeded')
    }
    expect(await checkRateLimit(userId, 100, 60)).toBe(false)
    // Another limit is another counter.
    expect(await checkRateLimit(userId, 5, '1h')).toBe(true)
  })

  it('the issue example, coming from @upstash/ratelimit', async () => {
    const ratelimit = createRateLimit({
      store: createMemoryStore(),
      limiter: slidingWindow(100, '60 s'),
      prefix: 'rl',
    })
    const userId = 'user-1'
    const { success, limit, remaining, reset, pending, reason } = await ratelimit.limit(userId, { rate: 1 })
    await pending
    expect({ success, limit, remaining, reason }).toEqual({
      success: true,
      limit: 100,
      remaining: 99,
      reason: 'allowed',
    })
    expect(reset).toBeGreaterThan(Date.now())
  })
})

describe('createRateLimitCheck', () => {
  it('counts per identifier and per (limit, window), and lets windows pass', async () => {
    const clock = createManualClock(1_700_000_000_000)
    const check = createRateLimitCheck({
      store: createMemoryStore({ clock }),
      clock,
      algorithm: 'fixedWindow',
    })
    expect([await check('a', 2, 1), await check('a', 2, 1), await check('a', 2, 1)]).toEqual([
      true,
      true,
      false,
    ])
    expect(await check('b', 2, 1)).toBe(true)
    expect(await check('a', 3, 1)).toBe(true)
    clock.advance(1000)
    expect(await check('a', 2, 1)).toBe(true)
    expect(await check('a', 2, 1, { rate: 2 })).toBe(false)
  })

  it('shares counters between checks on one store', async () => {
    const store = createMemoryStore()
    const first = createRateLimitCheck({ store })
    const second = createRateLimitCheck({ store })
    expect(await first('user', 1, 60)).toBe(true)
    expect(await second('user', 1, 60)).toBe(false)
  })
})
