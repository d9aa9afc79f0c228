import { afterEach, describe, expect, it, vi } from 'vitest'
import { hitClock } from '../src/cache/hit-clock.js'
import { createCache, createManualClock, systemClock } from '../src/index.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('the clock memory hits read', () => {
  it('reuses a reading of the system clock until its timer runs, or 1,024 hits later', () => {
    vi.useFakeTimers({ now: 1_000 })
    const clock = hitClock(systemClock)
    expect(clock.now()).toBe(1_000)
    vi.setSystemTime(1_005)
    expect(clock.now()).toBe(1_000)
    vi.advanceTimersByTime(1)
    expect(clock.now()).toBe(1_006)
    // A loop that never lets the timer run still sees time move.
    vi.setSystemTime(2_000)
    let reading = 0
    for (let hit = 0; hit < 1_100; hit++) reading = clock.now()
    expect(reading).toBe(2_000)
  })

  it('leaves an injected clock exact', () => {
    const manual = createManualClock(10)
    const clock = hitClock(manual)
    manual.advance(1)
    expect(clock.now()).toBe(11)
  })

  it('expire is seen by the next hit, even while the hits hold an older reading', async () => {
    // Real time, no timer allowed to run: between the awaits only microtasks run, so the hits'
    // reading (taken by the set, or by a get) is still the one from before the clock moved on.
    const cache = createCache()
    for (const primeWithGet of [false, true]) {
      await cache.set('k', 'v1')
      if (primeWithGet) expect(await cache.get('k')).toBe('v1')
      const before = Date.now()
      while (Date.now() === before) {
        // Wait for the next millisecond without yielding to timers.
      }
      await cache.expire(['k'])
      expect(await cache.get('k')).toBeUndefined()
    }
    await cache.close()
  })
})
