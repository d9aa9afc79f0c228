import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import {
  createRateLimit,
  fixedWindow,
  gcra,
  type Limiter,
  slidingLog,
  slidingWindow,
  tokenBucket,
} from '../src/index.js'

const start = 1_700_000_000_000

function setUp(limiter: Limiter | Limiter[]) {
  const clock = createManualClock(start)
  const ratelimit = createRateLimit({ store: createMemoryStore({ clock }), limiter, clock })
  const at = async (offset: number, rate = 1) => {
    clock.set(start + offset)
    const { success, remaining, reset, retryAfter } = await ratelimit.limit('user', { rate })
    return { success, remaining, reset: reset - start, retryAfter }
  }
  return { ratelimit, at }
}

describe('fixedWindow', () => {
  it('starts its window at the first request and resets when it ends', async () => {
    const { at } = setUp(fixedWindow(2, '1 s'))
    expect(await at(300)).toEqual({ success: true, remaining: 1, reset: 1300, retryAfter: 0 })
    expect(await at(900)).toEqual({ success: true, remaining: 0, reset: 1300, retryAfter: 0 })
    expect(await at(1299)).toEqual({ success: false, remaining: 0, reset: 1300, retryAfter: 1 })
    expect(await at(1300)).toEqual({ success: true, remaining: 1, reset: 2300, retryAfter: 0 })
  })
})

describe('slidingWindow', () => {
  it('counts a bucket until it has fully left the window (never over, at most one bucket early)', async () => {
    const { at } = setUp(slidingWindow(2, '1 s', { precision: 4 }))
    expect(await at(0)).toMatchObject({ success: true, remaining: 1, reset: 1250 })
    expect(await at(240)).toMatchObject({ success: true, remaining: 0, reset: 1250 })
    // Both requests sit in bucket [0, 250): it stops counting at 250 + 1000.
    expect(await at(1100)).toEqual({ success: false, remaining: 0, reset: 1250, retryAfter: 150 })
    expect(await at(1250)).toMatchObject({ success: true, remaining: 1 })
  })

  it('frees room bucket by bucket, oldest first', async () => {
    const { at } = setUp(slidingWindow(3, '1 s', { precision: 4 }))
    await at(0)
    await at(300)
    await at(600)
    expect(await at(700, 2)).toMatchObject({ success: false, retryAfter: 1500 - 700 })
    expect(await at(1250, 2)).toMatchObject({ success: false, retryAfter: 1500 - 1250 })
    expect(await at(1500, 2)).toMatchObject({ success: true, remaining: 0 })
  })
})

describe('slidingLog', () => {
  it('is exact: a request leaves the window exactly one window after it was made', async () => {
    const { at } = setUp(slidingLog(2, '1 s'))
    await at(100)
    await at(700)
    expect(await at(1099)).toEqual({ success: false, remaining: 0, reset: 1700, retryAfter: 1 })
    expect(await at(1100)).toEqual({ success: true, remaining: 0, reset: 2100, retryAfter: 0 })
    expect(await at(1200, 2)).toMatchObject({ success: false, retryAfter: 2100 - 1200 })
  })
})

describe('tokenBucket', () => {
  it('starts full, refills refillRate per interval up to maxTokens', async () => {
    const { at } = setUp(tokenBucket(1, '1 s', 3))
    expect(await at(0, 3)).toEqual({ success: true, remaining: 0, reset: 3000, retryAfter: 0 })
    expect(await at(999)).toEqual({ success: false, remaining: 0, reset: 3000, retryAfter: 1 })
    expect(await at(1000)).toEqual({ success: true, remaining: 0, reset: 4000, retryAfter: 0 })
    expect(await at(2500, 2)).toEqual({ success: false, remaining: 1, reset: 4000, retryAfter: 500 })
    expect(await at(10_000)).toEqual({ success: true, remaining: 2, reset: 11_000, retryAfter: 0 })
  })
})

describe('gcra', () => {
  it('spaces tokens evenly after a burst, also when the interval is fractional', async () => {
    const { at } = setUp(gcra(3, '1 s', { burst: 2 }))
    expect(await at(0)).toEqual({ success: true, remaining: 1, reset: 334, retryAfter: 0 })
    expect(await at(0)).toEqual({ success: true, remaining: 0, reset: 667, retryAfter: 0 })
    expect(await at(0)).toEqual({ success: false, remaining: 0, reset: 667, retryAfter: 334 })
    expect(await at(333)).toMatchObject({ success: false, retryAfter: 1 })
    expect(await at(334)).toMatchObject({ success: true, remaining: 0 })
    expect(await at(5000, 2)).toMatchObject({ success: true, remaining: 0 })
  })
})

describe('several limits', () => {
  it('answer with the denying limit that waits longest, else the one with fewest tokens left', async () => {
    const { at, ratelimit } = setUp([fixedWindow(10, '1 s'), tokenBucket(1, '1 s', 3), slidingLog(5, '1 h')])
    expect(await at(0)).toMatchObject({ success: true, remaining: 2 })
    await at(0, 2)
    const denied = await ratelimit.limit('user')
    expect(denied).toMatchObject({ success: false, limit: 3, retryAfter: 1000 })
    expect(denied.limits.map((limit) => limit.success)).toEqual([true, false, true])
    expect(await at(1000, 2)).toMatchObject({ success: false, remaining: 1, retryAfter: 1000 })
  })
})
