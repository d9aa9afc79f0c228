import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createRateLimit, fixedWindow, type RateLimitOptions } from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

function setUp(extra: Partial<RateLimitOptions> = {}, shared = true) {
  const clock = createManualClock(1_700_000_000_000)
  const store = new FaultyStore({ clock, shared })
  const ratelimit = createRateLimit({ store, clock, limiter: fixedWindow(2, '1 s'), ...extra })
  return { clock, store, ratelimit }
}

describe('ephemeral cache', () => {
  it('answers an identifier over its limit without a round trip until it could pass', async () => {
    const { clock, store, ratelimit } = setUp()
    await ratelimit.limit('abuser')
    await ratelimit.limit('abuser')
    expect((await ratelimit.limit('abuser')).success).toBe(false)
    const runs = store.runs
    for (let i = 0; i < 100; i++) {
      const cached = await ratelimit.limit('abuser')
      expect(cached).toMatchObject({ success: false, reason: 'denied', retryAfter: 1000 })
    }
    clock.advance(400)
    expect((await ratelimit.limit('abuser')).retryAfter).toBe(600)
    expect(store.runs).toBe(runs)
    clock.advance(600)
    expect((await ratelimit.limit('abuser')).success).toBe(true)
    expect(store.runs).toBe(runs + 1)
  })

  it('asks the store again for a smaller cost, and forgets on reset and refund', async () => {
    const { store, ratelimit } = setUp()
    await ratelimit.limit('user')
    expect((await ratelimit.limit('user', { rate: 2 })).success).toBe(false)
    let runs = store.runs
    expect((await ratelimit.limit('user', { rate: 2 })).success).toBe(false)
    expect(store.runs).toBe(runs)
    expect((await ratelimit.limit('user', { rate: 1 })).success).toBe(true)
    expect((await ratelimit.limit('user')).success).toBe(false)
    await ratelimit.refund('user')
    runs = store.runs
    expect((await ratelimit.limit('user')).success).toBe(true)
    expect(store.runs).toBe(runs + 1)
    await ratelimit.reset('user')
    expect((await ratelimit.limit('user', { rate: 2 })).success).toBe(true)
  })

  it('remembers blocks', async () => {
    const { store, ratelimit } = setUp()
    await ratelimit.block('user', '1 m')
    const runs = store.runs
    expect(await ratelimit.limit('user')).toMatchObject({
      success: false,
      reason: 'blocked',
      retryAfter: 60_000,
    })
    expect(store.runs).toBe(runs)
  })

  it('is bounded: past maxEntries the oldest identifier is forgotten', async () => {
    const { store, ratelimit } = setUp({ ephemeralCache: { maxEntries: 2 } })
    for (const user of ['a', 'b', 'c']) await ratelimit.block(user, '1 m')
    const runs = store.runs
    await ratelimit.limit('b')
    await ratelimit.limit('c')
    expect(store.runs).toBe(runs)
    expect((await ratelimit.limit('a')).reason).toBe('blocked')
    expect(store.runs).toBe(runs + 1)
  })

  it('is off when asked, and by default on in-process stores', async () => {
    for (const { extra, shared } of [
      { extra: { ephemeralCache: false as const }, shared: true },
      { extra: {}, shared: false },
    ]) {
      const { store, ratelimit } = setUp(extra, shared)
      await ratelimit.block('user', '1 m')
      const runs = store.runs
      await ratelimit.limit('user')
      expect(store.runs).toBe(runs + 1)
    }
    expect(createMemoryStore().shared).toBe(false)
  })
})

describe('round trips', () => {
  it('one store call per decision, however many limits; none for listed or cached identifiers', async () => {
    const store = new FaultyStore({ shared: false })
    const ratelimit = createRateLimit({
      store,
      limiter: [fixedWindow(1, '1 s'), fixedWindow(10, '1 h'), fixedWindow(100, '1 d')],
    })
    await ratelimit.limit('user')
    expect(store.runs).toBe(1)
    await ratelimit.limit('user')
    await ratelimit.getRemaining('user')
    expect(store.runs).toBe(3)
  })

  it("decisions follow the store's clock, not the caller's", async () => {
    const storeClock = createManualClock(1_700_000_000_000)
    const ratelimit = createRateLimit({
      store: createMemoryStore({ clock: storeClock }),
      limiter: fixedWindow(1, '1 h'),
    })
    expect((await ratelimit.limit('user')).success).toBe(true)
    expect((await ratelimit.limit('user')).success).toBe(false)
    storeClock.advance(3_600_000)
    expect(await ratelimit.limit('user')).toMatchObject({
      success: true,
      reset: storeClock.now() + 3_600_000,
    })
  })
})
