import { describe, expect, it } from 'vitest'
import { LockError, lockErrors } from '../../src/index.js'
import { type LockFixture, sleep } from './conformance-fixture.js'

/** Waiting for a busy lock: release wake-ups, TTL ends, the deadline, aborts. */
export function describeLockWaiting(fixture: LockFixture): void {
  describe('waiting', () => {
    it('a waiter gets the lock soon after the holder releases it', async () => {
      const lock = fixture.lock({ retryDelay: '5s', maxRetryDelay: '5s' })
      const holder = await lock.acquire('r', { ttl: 10 })
      setTimeout(() => void holder!.release(), 100)
      const started = performance.now()
      const waiter = await lock.acquire('r', { ttl: 10, wait: '10s' })
      const waited = performance.now() - started
      expect(waiter.fence).toBeGreaterThan(holder!.fence)
      // The first retry is 2.5-5 s away: only the release notification explains this.
      expect(waited).toBeLessThan(1_500)
    })

    it("a waiter gets the lock when the holder's TTL runs out, without waiting for its backoff", async () => {
      const lock = fixture.lock({ retryDelay: '5s', maxRetryDelay: '5s' })
      await lock.acquire('r', { ttl: '200ms' })
      const started = performance.now()
      const waiter = await lock.acquire('r', { ttl: 10, wait: '10s' })
      const waited = performance.now() - started
      expect(waiter).not.toBeNull()
      expect(waited).toBeGreaterThan(150)
      expect(waited).toBeLessThan(1_500)
    })

    it('rejects with E_LOCK_NOT_ACQUIRED once the wait has passed', async () => {
      const lock = fixture.lock({ retryDelay: '20ms' })
      await lock.acquire('r', { ttl: 10 })
      const started = performance.now()
      const error = await lock.acquire('r', { wait: '200ms' }).catch((caught: unknown) => caught)
      const waited = performance.now() - started
      expect(LockError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code: lockErrors.LOCK_NOT_ACQUIRED, resource: 'r' })
      expect((error as Error).message).toContain('after waiting 200 ms')
      expect(waited).toBeGreaterThanOrEqual(195)
      expect(waited).toBeLessThan(1_500)
      await expect(lock.acquire('r', { wait: 0 })).rejects.toMatchObject({
        code: lockErrors.LOCK_NOT_ACQUIRED,
        message: 'lock "r" is held by another owner',
      })
    })

    it('an abort cancels the wait with the signal reason, and leaves nothing held', async () => {
      const lock = fixture.lock({ retryDelay: '10ms', maxRetryDelay: '20ms' })
      const holder = await lock.acquire('r', { ttl: 10 })
      const controller = new AbortController()
      const waiting = lock.acquire('r', { wait: '10s', signal: controller.signal })
      setTimeout(() => controller.abort(new Error('user went away')), 80)
      await expect(waiting).rejects.toThrow('user went away')
      await holder!.release()
      await sleep(30)
      const next = await lock.acquire('r', { ttl: 10 })
      expect(next).not.toBeNull()
    })

    it('an already aborted signal rejects at once and takes nothing', async () => {
      const lock = fixture.lock()
      const signal = AbortSignal.abort(new Error('too late'))
      await expect(lock.acquire('r', { signal })).rejects.toThrow('too late')
      await expect(lock.acquire('r', { wait: '1s', signal })).rejects.toThrow('too late')
      await expect(lock.withLock('r', () => 1, { signal })).rejects.toThrow('too late')
      expect(await lock.acquire('r')).not.toBeNull()
    })

    it('an abort while an attempt is in flight releases what that attempt took', async () => {
      const lock = fixture.lock()
      const controller = new AbortController()
      const attempt = lock.acquire('r', { ttl: 10, signal: controller.signal })
      controller.abort(new Error('cancelled'))
      await expect(attempt).rejects.toThrow('cancelled')
      await sleep(50)
      expect(await lock.acquire('r', { ttl: 10 })).not.toBeNull()
    })

    it('many waiters each get the lock in turn, one at a time', async () => {
      const lock = fixture.lock({ retryDelay: '5ms', maxRetryDelay: '40ms' })
      let inside = 0
      let most = 0
      const fences: number[] = []
      await Promise.all(
        Array.from({ length: 8 }, () =>
          lock.withLock(
            'r',
            async (_signal, handle) => {
              inside++
              most = Math.max(most, inside)
              fences.push(handle.fence)
              await sleep(5)
              inside--
            },
            { ttl: 5, wait: '20s' },
          ),
        ),
      )
      expect(most).toBe(1)
      expect(fences).toEqual([...fences].sort((a, b) => a - b))
      expect(new Set(fences).size).toBe(8)
    })
  })
}
