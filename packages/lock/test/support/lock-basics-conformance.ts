import { errors } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { LockError, lockErrors } from '../../src/index.js'
import { type LockFixture, sleep } from './conformance-fixture.js'

/** Acquire, release, extend and fences on one store. */
export function describeLockBasics(fixture: LockFixture): void {
  describe('acquire, release, extend', () => {
    it('acquire takes a free lock once; a second acquire resolves to null', async () => {
      const lock = fixture.lock()
      const handle = await lock.acquire('invoice:42', { ttl: 10 })
      expect(handle).not.toBeNull()
      expect(handle!.resource).toBe('invoice:42')
      expect(handle!.key).toBe(`${fixture.prefix}{invoice:42}`)
      expect(handle!.token).toMatch(/^[0-9a-f]{32}$/)
      expect(Number.isSafeInteger(handle!.fence) && handle!.fence > 0).toBe(true)
      expect(handle!.ttl).toBe(10_000)
      // On the test's frozen clock: the TTL less the drift allowance, however slow the round trip was.
      expect(handle!.validity).toBeGreaterThan(9_000)
      expect(handle!.validity).toBeLessThan(10_000)
      expect(await lock.acquire('invoice:42', { ttl: 10 })).toBeNull()
      expect(await fixture.lock().acquire('invoice:42')).toBeNull()
      expect(await lock.acquire('invoice:43', { ttl: 10 })).not.toBeNull()
    })

    it('owner tokens are random per acquisition', async () => {
      const lock = fixture.lock()
      const tokens = new Set<string>()
      for (let i = 0; i < 20; i++) {
        const handle = await lock.acquire('tokens', { ttl: 5 })
        tokens.add(handle!.token)
        await handle!.release()
      }
      expect(tokens.size).toBe(20)
    })

    it('release frees the lock; the next owner gets a larger fence', async () => {
      const lock = fixture.lock()
      const first = await lock.acquire('r', { ttl: 10 })
      expect(await first!.release()).toEqual({ released: true })
      expect(first!.released).toBe(true)
      expect(first!.validity).toBe(0)
      const second = await lock.acquire('r', { ttl: 10 })
      expect(second!.fence).toBeGreaterThan(first!.fence)
    })

    it('fences increase strictly on every acquisition of a resource', async () => {
      const lock = fixture.lock()
      let previous = 0
      for (let i = 0; i < 30; i++) {
        const handle = await lock.acquire('fence', { ttl: 5 })
        expect(handle!.fence).toBeGreaterThan(previous)
        previous = handle!.fence
        await handle!.release()
      }
    })

    it('release of a lock that expired reports it plainly', async () => {
      const handle = await fixture.lock().acquire('r', { ttl: '100ms' })
      await sleep(160)
      fixture.clock.advance(160)
      expect(handle!.validity).toBe(0)
      expect(await handle!.release()).toEqual({ released: false, reason: 'expired' })
    })

    it("release never deletes the next owner's lock, and says it was taken", async () => {
      const lock = fixture.lock()
      const stale = await lock.acquire('r', { ttl: '100ms' })
      await sleep(160)
      const current = await lock.acquire('r', { ttl: 10 })
      expect(current).not.toBeNull()
      expect(await stale!.release()).toEqual({ released: false, reason: 'taken' })
      expect(await lock.acquire('r', { ttl: 10 })).toBeNull()
      expect(await current!.release()).toEqual({ released: true })
    })

    it('releasing twice reports the second call as already released', async () => {
      const handle = await fixture.lock().acquire('r', { ttl: 10 })
      const [a, b] = await Promise.all([handle!.release(), handle!.release()])
      expect(a).toEqual({ released: true })
      expect(b).toEqual({ released: true })
      expect(await handle!.release()).toEqual({ released: false, reason: 'released' })
    })

    it('extend by the owner keeps the lock past its first TTL', async () => {
      const lock = fixture.lock()
      const handle = await lock.acquire('r', { ttl: '1s' })
      const extended = await handle!.extend('3s')
      expect(extended.extended).toBe(true)
      // More than the first TTL could still give: the new one is in force.
      expect(extended.extended && extended.validity).toBeGreaterThan(1_000)
      expect(handle!.ttl).toBe(3_000)
      await sleep(1_100) // past the first TTL, well within the new one
      expect(await lock.acquire('r')).toBeNull()
      expect(await handle!.release()).toEqual({ released: true })
    })

    it('extend of an expired or taken lock reports why and revives nothing', async () => {
      const lock = fixture.lock()
      const stale = await lock.acquire('r', { ttl: '100ms' })
      await sleep(160)
      expect(await stale!.extend()).toEqual({ extended: false, reason: 'expired' })
      expect(await lock.acquire('r', { ttl: '100ms' })).not.toBeNull()
      const other = await lock.acquire('s', { ttl: '100ms' })
      await sleep(160)
      const thief = await lock.acquire('s', { ttl: 10 })
      expect(await other!.extend(10)).toEqual({ extended: false, reason: 'taken' })
      expect(await thief!.release()).toEqual({ released: true })
      const released = await lock.acquire('t', { ttl: 10 })
      await released!.release()
      expect(await released!.extend()).toEqual({ extended: false, reason: 'released' })
    })

    it('resources with braces, percent signs and non-ASCII text are distinct and share one hash tag', async () => {
      const lock = fixture.lock()
      const resources = ['a}', 'a%7D', '{a}', '}', '{', '%', 'ünïcødé ✓', 'x'.repeat(1024)]
      const handles = await Promise.all(resources.map((resource) => lock.acquire(resource, { ttl: 10 })))
      for (const [index, handle] of handles.entries()) {
        expect(handle?.resource).toBe(resources[index])
        expect(handle!.key).toMatch(new RegExp(`^${fixture.prefix}\\{[^{}]+\\}$`))
      }
      expect(await lock.acquire('a}')).toBeNull()
    })

    it('refuses resources and prefixes with a lone surrogate, which Redis would store as U+FFFD', async () => {
      const lock = fixture.lock()
      const redlock = fixture.redlock([fixture.store])
      // On Redis, 'Ann\uD83D' would land on the key of 'Ann\uFFFD' and find it taken.
      const held = await lock.acquire('Ann\uFFFD', { ttl: 10 })
      expect(held).not.toBeNull()
      for (const resource of ['Ann😀'.slice(0, 4), 'Ann\uDE00', '\uD83D']) {
        const shown = JSON.stringify(resource)
        const refused = { code: errors.INVALID_KEY }
        await expect(lock.acquire(resource, { ttl: 10 }), shown).rejects.toMatchObject(refused)
        await expect(lock.acquire(resource, { ttl: 10, wait: '1s' }), shown).rejects.toMatchObject(refused)
        await expect(
          lock.withLock(resource, () => 1),
          shown,
        ).rejects.toMatchObject(refused)
        await expect(redlock.acquire(resource, { ttl: 10 }), shown).rejects.toMatchObject(refused)
      }
      expect(() => fixture.lock({ prefix: `${fixture.prefix}\uD83D` })).toThrow(
        expect.objectContaining({ code: errors.INVALID_OPTION }),
      )
      // A surrogate pair is one character: a resource of its own.
      const pair = await lock.acquire('Ann😀', { ttl: 10 })
      expect(pair).not.toBeNull()
      expect(await held!.release()).toEqual({ released: true })
      expect(await pair!.release()).toEqual({ released: true })
    })

    it('await using releases at the end of the block, and reports a lost lock', async () => {
      const lock = fixture.lock()
      {
        await using held = await lock.acquire('r', { ttl: 10, wait: 0 })
        expect(await lock.acquire('r')).toBeNull()
        expect(held.released).toBe(false)
      }
      const again = await lock.acquire('r', { ttl: 10 })
      expect(again).not.toBeNull()
      await again!.release()

      const lost = (async () => {
        await using held = await lock.acquire('r', { ttl: '100ms', wait: '1s' })
        await sleep(160)
        return held.fence
      })()
      const error = await lost.catch((caught: unknown) => caught)
      expect(LockError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code: lockErrors.LOST, reason: 'expired', resource: 'r' })
    })
  })
}
