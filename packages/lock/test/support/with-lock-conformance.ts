import { settlesWithin, waitUntil } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { LockError, lockErrors } from '../../src/index.js'
import { type LockFixture, sleep } from './conformance-fixture.js'
import { FaultStore } from './fault-store.js'

/** withLock: release, automatic extension, loss signalled through the AbortSignal, and no stray rejections. */
export function describeWithLock(fixture: LockFixture): void {
  describe('withLock', () => {
    it('runs the function holding the lock, returns its value and releases', async () => {
      const lock = fixture.lock()
      const value = await lock.withLock(
        'r',
        async (signal, handle) => {
          expect(signal.aborted).toBe(false)
          expect(handle.resource).toBe('r')
          expect(await lock.acquire('r')).toBeNull()
          return 42
        },
        { ttl: 10 },
      )
      expect(value).toBe(42)
      expect(await lock.acquire('r')).not.toBeNull()
    })

    it("rejects with the function's error and still releases", async () => {
      const lock = fixture.lock()
      await expect(
        lock.withLock('r', () => {
          throw new Error('render failed')
        }),
      ).rejects.toThrow('render failed')
      expect(await lock.acquire('r')).not.toBeNull()
    })

    it('rejects with E_LOCK_NOT_ACQUIRED when busy and no wait is given', async () => {
      const lock = fixture.lock()
      await lock.acquire('r', { ttl: 10 })
      let ran = false
      await expect(lock.withLock('r', () => (ran = true))).rejects.toMatchObject({
        code: lockErrors.NOT_ACQUIRED,
      })
      expect(ran).toBe(false)
    })

    it('extends the lock while the function outlives the TTL', async () => {
      const lock = fixture.lock()
      const value = await lock.withLock(
        'r',
        async (signal, handle) => {
          const firstTtl = handle.ttl
          await sleep(2_500)
          expect(signal.aborted).toBe(false)
          expect(handle.validity).toBeGreaterThan(0)
          expect(firstTtl).toBe(2_000)
          expect(await lock.acquire('r')).toBeNull()
          return 'done'
        },
        // Extending every 200 ms leaves room for a busy machine: a stall of about 1.8 s.
        { ttl: '2s', extendAt: 0.1 },
      )
      expect(value).toBe('done')
    })

    it('without autoExtend, the signal aborts with E_LOCK_LOST when the TTL runs out', async () => {
      const lock = fixture.lock()
      let reason: unknown
      const outcome = lock.withLock(
        'r',
        async (signal) => {
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
          reason = signal.reason
          return 'finished anyway'
        },
        { ttl: '120ms', autoExtend: false },
      )
      const error = await outcome.catch((caught: unknown) => caught)
      expect(LockError.isInstance(reason)).toBe(true)
      expect(reason).toMatchObject({ code: lockErrors.LOST, reason: 'expired', resource: 'r' })
      expect(error).toBe(reason)
    })

    it('when extensions fail, the signal aborts at the end of the validity', async () => {
      const faulty = new FaultStore(fixture.store)
      faulty.fault = (script) => (script === 'lock-extend' ? 'fail' : 'pass')
      const lock = fixture.lock({ store: faulty, retryDelay: '10ms', maxRetryDelay: '10ms' })
      const started = performance.now()
      let abortedAfter = 0
      const error = await settlesWithin(
        lock
          .withLock(
            'r',
            async (signal) => {
              await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
              abortedAfter = performance.now() - started
              throw signal.reason
            },
            { ttl: '200ms' },
          )
          .catch((caught: unknown) => caught),
        15_000,
        'the abort once the validity ran out',
      )
      expect(error).toMatchObject({ code: lockErrors.LOST })
      // Not before the validity (TTL less drift) ran out; a busy machine only makes it later.
      expect(abortedAfter).toBeGreaterThan(150)
    })

    it('when an extension hangs, the signal still aborts on time', async () => {
      const faulty = new FaultStore(fixture.store)
      faulty.fault = (script) => (script === 'lock-extend' ? 'hang' : 'pass')
      const lock = fixture.lock({ store: faulty })
      const error = await lock
        .withLock(
          'r',
          (signal) =>
            new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
          {
            ttl: '150ms',
          },
        )
        .catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: lockErrors.LOST, reason: 'expired' })
    })

    it('a function that finishes after losing the lock makes withLock reject with E_LOCK_LOST', async () => {
      const lock = fixture.lock()
      const error = await lock
        .withLock(
          'r',
          async () => {
            await sleep(200)
            expect(await lock.acquire('r', { ttl: 10 })).not.toBeNull()
            return 'too late'
          },
          { ttl: '100ms', autoExtend: false },
        )
        .catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: lockErrors.LOST })
    })

    it("the caller's signal aborts the function's signal with the caller's reason", async () => {
      const lock = fixture.lock()
      const controller = new AbortController()
      setTimeout(() => controller.abort(new Error('shutting down')), 50)
      await expect(
        lock.withLock(
          'r',
          (signal) =>
            new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
          { signal: controller.signal },
        ),
      ).rejects.toThrow('shutting down')
      // Released, also when the abort came while the acquire was in flight (released once it lands):
      // well within the deadline, long before the 30 s TTL.
      await waitUntil(async () => (await lock.acquire('r')) !== null, 15_000, 'the lock released')
    })

    it('a function may release the lock itself', async () => {
      const lock = fixture.lock()
      expect(await lock.withLock('r', async (_signal, handle) => (await handle.release()).released)).toBe(
        true,
      )
    })

    it('produces no unhandled rejection, whatever fails', async () => {
      const unhandled: unknown[] = []
      const listener = (reason: unknown) => unhandled.push(reason)
      process.on('unhandledRejection', listener)
      try {
        const faulty = new FaultStore(fixture.store)
        const lock = fixture.lock({ store: faulty, retryDelay: '5ms', maxRetryDelay: '5ms' })
        faulty.fault = (script) => (script === 'lock-extend' ? 'fail' : 'pass')
        await lock
          .withLock('a', (signal) => new Promise((resolve) => signal.addEventListener('abort', resolve)), {
            ttl: '100ms',
          })
          .catch(() => {})
        faulty.fault = (script) => (script === 'lock-release' ? 'fail' : 'pass')
        await lock.withLock('b', () => sleep(120), { ttl: '100ms' }).catch(() => {})
        await lock.withLock('c', () => Promise.reject(new Error('boom')), { ttl: '100ms' }).catch(() => {})
        faulty.fault = () => 'pass'
        await lock.withLock('d', () => sleep(150), { ttl: '100ms', autoExtend: false }).catch(() => {})
        const controller = new AbortController()
        await lock.acquire('e', { ttl: 10 })
        const waiting = lock.acquire('e', { wait: '5s', signal: controller.signal }).catch(() => {})
        controller.abort()
        await waiting
        faulty.fault = (script) => (script === 'lock-acquire' ? 'fail' : 'pass')
        await lock.acquire('f').catch(() => {})
        await sleep(300)
      } finally {
        process.off('unhandledRejection', listener)
      }
      expect(unhandled).toEqual([])
    })
  })
}
