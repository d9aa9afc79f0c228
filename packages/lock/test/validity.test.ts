// Memory-only: a manual clock shared by the store and the lock makes round-trip times exact.
import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createLock, createRedlock } from '../src/index.js'
import { FaultStore } from './support/fault-store.js'

/** A store whose every script call takes `roundTrip` ms of the manual clock (after the script ran). */
function slowStore(roundTrip: () => number) {
  const clock = createManualClock(1_700_000_000_000)
  const store = new FaultStore(createMemoryStore({ clock }))
  store.afterRun = () => clock.advance(roundTrip())
  return { clock, store }
}

describe('validity = ttl - elapsed - drift', () => {
  it('is computed from the start of the request', async () => {
    const { clock, store } = slowStore(() => 300)
    const handle = await createLock({ store, clock }).acquire('r', { ttl: 1 })
    // 1000 ms TTL, 300 ms round trip, 1000 * 0.01 + 2 ms drift.
    expect(handle!.validity).toBe(688)
    clock.advance(688)
    expect(handle!.validity).toBe(0)
  })

  it('follows driftFactor', async () => {
    const { clock, store } = slowStore(() => 100)
    const handle = await createLock({ store, clock, driftFactor: 0.1 }).acquire('r', { ttl: 1 })
    expect(handle!.validity).toBe(1000 - 100 - 102)
  })

  it('Redlock measures validity from before the first store is asked, with the drift of the whole TTL', async () => {
    const clock = createManualClock(1_700_000_000_000)
    const stores = [0, 1, 2].map(() => new FaultStore(createMemoryStore({ clock })))
    for (const store of stores) store.afterRun = (script) => script === 'lock-acquire' && clock.advance(100)
    const handle = await createRedlock({ stores, clock, driftFactor: 0.05 }).acquire('r', { ttl: 1 })
    // The three acquisitions took 300 ms of the shared clock in all.
    expect(handle!.validity).toBe(1000 - 300 - 52)
  })

  it('a lock that expired during the round trip is never handed back, and is released', async () => {
    let roundTrip = 995
    const { clock, store } = slowStore(() => roundTrip)
    const lock = createLock({ store, clock })
    expect(await lock.acquire('r', { ttl: 1 })).toBeNull()
    await expect(lock.acquire('r', { ttl: 1, wait: 0 })).rejects.toMatchObject({
      code: 'E_LOCK_NOT_ACQUIRED',
    })
    roundTrip = 0
    // The store still had the key (1000 ms TTL, 995 ms elapsed): it was released, not left to expire.
    expect(await lock.acquire('r', { ttl: 1 })).not.toBeNull()
  })

  it('an extension slower than its TTL reports the lock as expired', async () => {
    let roundTrip = 0
    const { clock, store } = slowStore(() => roundTrip)
    const handle = await createLock({ store, clock }).acquire('r', { ttl: 1 })
    roundTrip = 2_000
    expect(await handle!.extend()).toEqual({ extended: false, reason: 'expired' })
    expect(await handle!.release()).toEqual({ released: false, reason: 'expired' })
  })

  it('validity counts from the last extension', async () => {
    const { clock, store } = slowStore(() => 50)
    const handle = await createLock({ store, clock }).acquire('r', { ttl: 1 })
    clock.advance(500)
    const extended = await handle!.extend(2)
    expect(extended).toEqual({ extended: true, validity: 2000 - 50 - 22 })
    expect(handle!.validity).toBe(1928)
  })
})

describe('fences over time', () => {
  it('keep increasing after the counter key expired', async () => {
    const clock = createManualClock(1_700_000_000_000)
    const lock = createLock({ store: createMemoryStore({ clock }), clock, fenceRetention: '1h' })
    const first = await lock.acquire('r', { ttl: 1 })
    await first!.release()
    clock.advance(2 * 3_600_000)
    const second = await lock.acquire('r', { ttl: 1 })
    expect(second!.fence).toBeGreaterThan(first!.fence)
    expect(second!.fence).toBe((1_700_000_000_000 + 2 * 3_600_000) * 1000)
  })

  it('keep increasing when the clock steps back, while the counter lives', async () => {
    const clock = createManualClock(1_700_000_000_000)
    const lock = createLock({ store: createMemoryStore({ clock }), clock })
    const first = await lock.acquire('r', { ttl: 1 })
    await first!.release()
    clock.set(1_600_000_000_000)
    const second = await lock.acquire('r', { ttl: 1 })
    expect(second!.fence).toBe(first!.fence + 1)
  })

  it('Redlock fences increase across holders even when the stores disagree about the time', async () => {
    const offsets = [3_600_000, 0, -3_600_000]
    const base = createManualClock(1_700_000_000_000)
    const stores = offsets.map(
      (offset) => new FaultStore(createMemoryStore({ clock: { now: () => base.now() + offset } })),
    )
    const redlock = createRedlock({ stores, clock: base })
    let previous = 0
    for (let i = 0; i < 9; i++) {
      // A different store is down each time, so each quorum differs from the previous one.
      for (const [index, store] of stores.entries()) store.fault = () => (index === i % 3 ? 'fail' : 'pass')
      const handle = await redlock.acquire('r', { ttl: 1 })
      expect(handle!.fence).toBeGreaterThan(previous)
      previous = handle!.fence
      await handle!.release()
      base.advance(1)
    }
  })
})
