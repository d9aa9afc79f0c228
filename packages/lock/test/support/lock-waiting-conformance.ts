import { settlesWithin, waitUntil } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { LockError, lockErrors } from '../../src/index.js'
import { type LockFixture, sleep } from './conformance-fixture.js'

/** Retries so far apart that a waiter served within {@link DEADLINE} was served by something else. */
const HOURLY_RETRIES = { retryDelay: '1h', maxRetryDelay: '1h' } as const
/** Generous for a busy machine, and a tiny fraction of an hour. */
const DEADLINE = 15_000

/** Waiting for a busy lock: release wake-ups, TTL ends, the deadline, aborts. */
export function describeLockWaiting(fixture: LockFixture): void {
  describe('waiting', () => {
    it('a waiter gets the lock soon after the holder releases it', async () => {
      const lock = fixture.lock(HOURLY_RETRIES)
      const holder = await lock.acquire('r', { ttl: 60 })
      setTimeout(() => void holder!.release(), 100)
      // The first retry is 30-60 minutes away: only the release notification explains getting it sooner.
      const waiter = await settlesWithin(
        lock.acquire('r', { ttl: 10, wait: '2h' }),
        DEADLINE,
        'the waiter taking the released lock',
      )
      expect(waiter.fence).toBeGreaterThan(holder!.fence)
    })

    it("a waiter gets the lock when the holder's TTL runs out, without waiting for its backoff", async () => {
      const lock = fixture.lock(HOURLY_RETRIES)
      // Started before the holder's acquire: its TTL cannot have begun earlier.
      const started = performance.now()
      await lock.acquire('r', { ttl: '200ms' })
      // The first retry is 30-60 minutes away: only the holder's TTL explains getting it sooner.
      const waiter = await settlesWithin(
        lock.acquire('r', { ttl: 10, wait: '2h' }),
        DEADLINE,
        'the waiter taking the expired lock',
      )
      expect(waiter).not.toBeNull()
      // Not before the TTL ended (a lower bound: a busy machine only makes it later).
      expect(performance.now() - started).toBeGreaterThanOrEqual(190)
    })

    it('rejects with E_LOCK_NOT_ACQUIRED once the wait has passed', async () => {
      // Retries an hour apart: rejecting within the deadline below means the pause was cut to the wait.
      const lock = fixture.lock(HOURLY_RETRIES)
      await lock.acquire('r', { ttl: 60 })
      const started = performance.now()
      const error = await settlesWithin(
        lock.acquire('r', { wait: '200ms' }).catch((caught: unknown) => caught),
        DEADLINE,
        'the rejection at the end of the wait',
      )
      expect(LockError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code: lockErrors.NOT_ACQUIRED, resource: 'r' })
      expect((error as Error).message).toContain('after waiting 200 ms')
      // Not before the wait was over (a lower bound: a busy machine only makes it later).
      expect(performance.now() - started).toBeGreaterThanOrEqual(195)
      await expect(lock.acquire('r', { wait: 0 })).rejects.toMatchObject({
        code: lockErrors.NOT_ACQUIRED,
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
      const attempt = lock.acquire('r', { ttl: 60, signal: controller.signal })
      controller.abort(new Error('cancelled'))
      await expect(attempt).rejects.toThrow('cancelled')
      // Released as soon as the attempt lands: well within the deadline, long before its 60 s TTL.
      await waitUntil(
        async () => (await lock.acquire('r', { ttl: 10 })) !== null,
        DEADLINE,
        'the abandoned lock released',
      )
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
