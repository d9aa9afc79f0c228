import { errors } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { lockErrors } from '../../src/index.js'
import { type LockFixture, sleep } from './conformance-fixture.js'
import { FaultStore } from './fault-store.js'
import { seededRandom } from './torture-harness.js'

/** Redlock over three stores from the factory: quorum, failures of a minority, cleanup, fences. */
export function describeRedlock(fixture: LockFixture): void {
  describe('Redlock', () => {
    const threeStores = async () => [fixture.store, ...(await fixture.moreStores(2))]

    it('holds on a majority, excludes other owners and releases on every store', async () => {
      const stores = await threeStores()
      const redlock = fixture.redlock(stores)
      expect(redlock.quorum).toBe(2)
      const handle = await redlock.acquire('r', { ttl: 10 })
      expect(handle).not.toBeNull()
      expect(await fixture.redlock(stores).acquire('r')).toBeNull()
      for (const store of stores) expect(await fixture.lock({ store }).acquire('r')).toBeNull()
      expect(await handle!.release()).toEqual({ released: true })
      for (const store of stores)
        expect(await fixture.lock({ store }).acquire('r', { ttl: 1 })).not.toBeNull()
    })

    it('acquires while a minority of the stores is held by someone else', async () => {
      const stores = await threeStores()
      await fixture.lock({ store: stores[0]! }).acquire('r', { ttl: 10 })
      const handle = await fixture.redlock(stores).acquire('r', { ttl: 10 })
      expect(handle).not.toBeNull()
      expect(await handle!.release()).toEqual({ released: true })
    })

    it('fails when a majority is held elsewhere, and undoes its partial acquisition', async () => {
      const stores = await threeStores()
      await fixture.lock({ store: stores[0]! }).acquire('r', { ttl: 10 })
      await fixture.lock({ store: stores[1]! }).acquire('r', { ttl: 10 })
      expect(await fixture.redlock(stores).acquire('r', { ttl: 10 })).toBeNull()
      await expect(fixture.redlock(stores).acquire('r', { ttl: 10, wait: '100ms' })).rejects.toMatchObject({
        code: lockErrors.NOT_ACQUIRED,
      })
      // The third store was taken by the failed attempts, then released.
      expect(await fixture.lock({ store: stores[2]! }).acquire('r', { ttl: 10 })).not.toBeNull()
    })

    it('works with one store failing, and reports a store failure when most fail', async () => {
      const [healthy, ...others] = await threeStores()
      const broken = others.map((store) => new FaultStore(store))
      broken[0]!.fault = () => 'fail'
      const redlock = fixture.redlock([healthy!, ...broken])
      const handle = await redlock.acquire('r', { ttl: 10 })
      expect(handle).not.toBeNull()
      expect((await handle!.extend()).extended).toBe(true)
      expect(await handle!.release()).toEqual({ released: true })

      broken[1]!.fault = () => 'fail'
      const error = await redlock.acquire('r', { ttl: 10 }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: errors.STORE_FAILURE })
      expect((error as Error).cause).toBeInstanceOf(AggregateError)
      expect(((error as Error).cause as AggregateError).errors).toHaveLength(2)
    })

    it('fences increase from one holder to the next, whichever minority is down', async () => {
      const [first, ...rest] = await threeStores()
      const faulty = [first!, ...rest].map((store) => new FaultStore(store))
      const redlock = fixture.redlock(faulty)
      let previous = 0
      for (let i = 0; i < 12; i++) {
        for (const [index, store] of faulty.entries()) store.fault = () => (index === i % 3 ? 'fail' : 'pass')
        const handle = await redlock.acquire('r', { ttl: 5 })
        expect(handle!.fence).toBeGreaterThan(previous)
        previous = handle!.fence
        await handle!.release()
      }
    })

    it('raises fences only when the majority disagreed on the largest one', async () => {
      const faulty = (await threeStores()).map((store) => new FaultStore(store))
      let raises = 0
      for (const store of faulty) store.afterRun = (name) => name === 'lock-raise-fence' && raises++
      const redlock = fixture.redlock(faulty)
      const first = await redlock.acquire('r', { ttl: 5 })
      await first!.release()
      // The counters now agree (issued alike, or raised to the same fence): each issues the next one.
      raises = 0
      const second = await redlock.acquire('r', { ttl: 5 })
      expect(second!.fence).toBeGreaterThan(first!.fence)
      expect(raises).toBe(0)
      await second!.release()
      // One store's counter moves ahead alone (a Lock on it): the other two are raised to its fence.
      for (let i = 0; i < 2; i++)
        await (await fixture.lock({ store: faulty[0]!.inner }).acquire('r'))!.release()
      const third = await redlock.acquire('r', { ttl: 5 })
      expect(third!.fence).toBeGreaterThan(second!.fence + 2)
      expect(raises).toBe(2)
      await third!.release()
      raises = 0
      const fourth = await redlock.acquire('r', { ttl: 5 })
      expect(fourth!.fence).toBe(third!.fence + 1)
      expect(raises).toBe(0)
      await fourth!.release()
    })

    it('fences increase from holder to holder while counters drift apart and minorities fail', async () => {
      const faulty = (await threeStores()).map((store) => new FaultStore(store))
      const redlock = fixture.redlock(faulty)
      const random = seededRandom(7)
      let previous = 0
      for (let step = 0; step < 30; step++) {
        const pick = Math.floor(random() * 3)
        // A third of the steps move one store's counter alone, as a failed Redlock attempt or a
        // Lock on that store would; the others acquire on the three with a random minority down.
        if (random() < 0.33) {
          await (await fixture.lock({ store: faulty[pick]!.inner }).acquire('r', { ttl: 5 }))!.release()
          continue
        }
        const down = random() < 0.5 ? pick : -1
        for (const [index, store] of faulty.entries()) store.fault = () => (index === down ? 'fail' : 'pass')
        const handle = await redlock.acquire('r', { ttl: 5 })
        expect(handle!.fence).toBeGreaterThan(previous)
        previous = handle!.fence
        await handle!.release()
      }
    })

    it('reports a lock that expired on the majority when released', async () => {
      const redlock = fixture.redlock(await threeStores())
      // Long enough for two round trips to three stores over HTTP on a loaded machine.
      const handle = await redlock.acquire('r', { ttl: '300ms' })
      await sleep(400)
      expect(await handle!.release()).toEqual({ released: false, reason: 'expired' })
    })

    it('withLock extends on the majority while the function runs', async () => {
      const stores = await threeStores()
      const redlock = fixture.redlock(stores)
      const value = await redlock.withLock(
        'r',
        async (signal) => {
          await sleep(2_500)
          expect(signal.aborted).toBe(false)
          expect(await fixture.redlock(stores).acquire('r')).toBeNull()
          return 'ok'
        },
        // Extending every 200 ms leaves room for a busy machine: a stall of about 1.8 s.
        { ttl: '2s', extendAt: 0.1 },
      )
      expect(value).toBe('ok')
    })
  })
}
