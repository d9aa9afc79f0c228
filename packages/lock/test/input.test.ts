import { createManualClock, createMemoryStore, errors, LayercacheError, type Store } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createLock, createRedlock, LockError, lockErrors } from '../src/index.js'

const lock = createLock({ store: createMemoryStore() })

describe('bad input is refused with typed errors, before anything is taken', () => {
  it('resources: empty, not a string, too long, not valid Unicode', async () => {
    await expect(lock.acquire('')).rejects.toMatchObject({ code: errors.INVALID_KEY })
    await expect(lock.acquire('Ann\uD83D')).rejects.toMatchObject({ code: errors.INVALID_KEY })
    await expect(lock.acquire('Ann\uD83D')).rejects.toThrow('lone surrogate')
    await expect(lock.acquire(42 as unknown as string)).rejects.toMatchObject({ code: errors.INVALID_KEY })
    await expect(lock.acquire('x'.repeat(1025))).rejects.toMatchObject({ code: errors.INVALID_KEY })
    await expect(lock.withLock('', () => 1)).rejects.toMatchObject({ code: errors.INVALID_KEY })
  })

  it('TTLs: zero, negative, NaN, Infinity, unknown units, shorter than the drift allowance', async () => {
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 'soon', '10 parsecs', '0s', '1ms']) {
      const error = await lock.acquire('r', { ttl }).catch((caught: unknown) => caught)
      expect(error, String(ttl)).toMatchObject({ code: errors.INVALID_TTL })
      expect(LayercacheError.isInstance(error)).toBe(true)
    }
    await expect(lock.acquire('r', { ttl: '1ms' })).rejects.toThrow('longer than the clock drift allowance')
    // The shortest TTL above the drift allowance is accepted; on a frozen clock, so that a busy
    // machine's stall between the round trip and its check cannot make it expire first.
    const handle = await createLock({ store: createMemoryStore(), clock: createManualClock(0) }).acquire(
      'r',
      {
        ttl: '10ms',
      },
    )
    await expect(handle!.extend(0)).rejects.toMatchObject({ code: errors.INVALID_TTL })
    await expect(handle!.extend('-5s')).rejects.toMatchObject({ code: errors.INVALID_TTL })
    await handle!.release()
    expect(() => createLock({ store: createMemoryStore(), ttl: 0 })).toThrow(
      expect.objectContaining({ code: errors.INVALID_TTL }),
    )
  })

  it('waits: negative, NaN, unknown units', async () => {
    for (const wait of [-1, Number.NaN, 'a while', '5 fortnights']) {
      await expect(lock.acquire('r', { wait }), String(wait)).rejects.toMatchObject({
        code: errors.INVALID_DURATION,
      })
    }
  })

  it('withLock options', async () => {
    for (const extendAt of [0, 1, 1.5, -0.2, Number.NaN, '0.5' as unknown as number]) {
      await expect(
        lock.withLock('r', () => 1, { extendAt }),
        String(extendAt),
      ).rejects.toMatchObject({
        code: errors.INVALID_OPTION,
      })
    }
    await expect(
      lock.withLock('r', () => 1, { autoExtend: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({
      code: errors.INVALID_OPTION,
    })
    expect(await lock.acquire('r')).not.toBeNull()
  })

  it('lock options', () => {
    const store = createMemoryStore()
    const invalid = (build: () => unknown) =>
      expect(build).toThrow(expect.objectContaining({ code: errors.INVALID_OPTION }))
    invalid(() => createLock(undefined as unknown as { store: Store }))
    invalid(() => createLock({} as { store: Store }))
    invalid(() => createLock({ store: {} as Store }))
    invalid(() => createLock({ store, prefix: '' }))
    invalid(() => createLock({ store, prefix: 'locks:{app}' }))
    invalid(() => createLock({ store, prefix: 'locks\uD83D' }))
    invalid(() => createRedlock({ stores: [store], prefix: '\uDE00' }))
    invalid(() => createLock({ store, driftFactor: -0.1 }))
    invalid(() => createLock({ store, driftFactor: 0.9 }))
    invalid(() => createLock({ store, retryDelay: 0 }))
    invalid(() => createLock({ store, maxRetryDelay: Number.POSITIVE_INFINITY }))
    invalid(() => createLock({ store, retryDelay: '2s', maxRetryDelay: '1s' }))
    invalid(() => createLock({ store, fenceRetention: 0 }))
    invalid(() => createLock({ store, clock: {} as { now: () => number } }))
    invalid(() => createLock({ store, notifier: {} as never }))
    invalid(() => createRedlock({ stores: [] }))
    invalid(() => createRedlock({ stores: [store, store] }))
    invalid(() => createRedlock({ stores: 'store' as unknown as Store[] }))
    expect(() => createLock({ store, retryDelay: 'soon' })).toThrow(
      expect.objectContaining({ code: errors.INVALID_DURATION }),
    )
  })
})

describe('LockError', () => {
  it('is a LayercacheError with a stable code, from any copy of the package', async () => {
    await lock.acquire('busy', { ttl: 10 })
    const error = await lock.acquire('busy', { wait: 0 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(LockError)
    expect(error).toBeInstanceOf(LayercacheError)
    expect(LayercacheError.isInstance(error)).toBe(true)
    expect(LockError.isInstance(error)).toBe(true)
    expect(LockError.isInstance(new LayercacheError(errors.INVALID_KEY, 'x'))).toBe(false)
    expect(LockError.isInstance(new Error('x'))).toBe(false)
    expect(error).toMatchObject({ name: 'LockError', code: lockErrors.LOCK_NOT_ACQUIRED, resource: 'busy' })
    expect(lockErrors).toEqual({ LOCK_NOT_ACQUIRED: 'E_LOCK_NOT_ACQUIRED', LOCK_LOST: 'E_LOCK_LOST' })
  })
})
