import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createRateLimit, fixedWindow, rateLimitHeaders, slidingWindow, tokenBucket } from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

describe('allow and deny lists', () => {
  it('answer without the store, deny first; a Set is read live, other iterables are copied', async () => {
    const store = new FaultyStore()
    const denied = new Set(['mallory'])
    const allowed = ['ops', 'mallory']
    const ratelimit = createRateLimit({
      store,
      limiter: fixedWindow(1, '1h'),
      denyList: denied,
      allowList: allowed,
    })
    allowed.push('late')
    expect(await ratelimit.limit('mallory')).toMatchObject({
      success: false,
      reason: 'blocked',
      remaining: 0,
      retryAfter: Number.POSITIVE_INFINITY,
    })
    for (let i = 0; i < 3; i++) {
      expect(await ratelimit.limit('ops')).toMatchObject({ success: true, reason: 'allowed', remaining: 1 })
    }
    denied.add('ops')
    expect((await ratelimit.limit('ops')).reason).toBe('blocked')
    expect(store.runs).toBe(0)
    await ratelimit.limit('late')
    expect(store.runs).toBe(1)
  })

  it('accept predicates', async () => {
    const ratelimit = createRateLimit({
      limiter: fixedWindow(1, '1h'),
      allowList: (identifier) => identifier.startsWith('10.'),
    })
    for (let i = 0; i < 3; i++) expect((await ratelimit.limit('10.0.0.1')).success).toBe(true)
  })
})

describe('rateLimitHeaders', () => {
  it('writes the IETF fields per limit, Retry-After on a denial, and X-RateLimit-*', async () => {
    const clock = createManualClock(1_700_000_004_000) // on a 6 s bucket boundary of the 1-minute sliding window
    const ratelimit = createRateLimit({
      store: createMemoryStore({ clock }),
      clock,
      limiter: [slidingWindow(2, '1m'), tokenBucket(1, '1 s', 5, { name: 'burst' })],
    })
    const allowed = await ratelimit.limit('user')
    expect(rateLimitHeaders(allowed, { now: clock.now() })).toEqual({
      'RateLimit-Policy': '"sliding-window-2-per-1m";q=2;w=60, "burst";q=5;w=5',
      RateLimit: '"sliding-window-2-per-1m";r=1;t=66, "burst";r=4;t=1',
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset': String(Math.ceil((clock.now() + 66_000) / 1000)),
    })
    await ratelimit.limit('user')
    const denied = await ratelimit.limit('user')
    const headers = rateLimitHeaders(denied, { now: clock.now(), legacy: false })
    expect(headers['Retry-After']).toBe('66')
    expect(headers['X-RateLimit-Limit']).toBeUndefined()
    expect(Object.keys(rateLimitHeaders(denied, { standard: false }))).toEqual([
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Retry-After',
    ])
    const state = await ratelimit.getRemaining('user')
    expect(rateLimitHeaders(state, { now: clock.now() }).RateLimit).toBe(
      '"sliding-window-2-per-1m";r=0;t=66, "burst";r=3;t=2',
    )
  })

  it('leaves Retry-After out when the wait never ends', async () => {
    const ratelimit = createRateLimit({ limiter: fixedWindow(1, '1h'), denyList: ['x'] })
    expect(rateLimitHeaders(await ratelimit.limit('x'))['Retry-After']).toBeUndefined()
    const tooBig = await ratelimit.limit('y', { rate: 2 })
    expect(rateLimitHeaders(tooBig)['Retry-After']).toBeUndefined()
  })
})
