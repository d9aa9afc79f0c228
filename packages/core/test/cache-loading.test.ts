import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore, errors, LayercacheError } from '../src/index.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

describe('stampede protection', () => {
  it('runs the loader once for N concurrent callers, all of whom get the value', async () => {
    const cache = createCache({ namespace: 'stampede' })
    let calls = 0
    const loader = async () => {
      calls++
      await sleep(20)
      return { answer: 42 }
    }
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrSet('cold', loader)))
    expect(calls).toBe(1)
    for (const result of results) expect(result).toEqual({ answer: 42 })
    expect(cache.stats().loader.calls).toBe(1)
  })

  it('hands every caller the error, and caches nothing', async () => {
    const cache = createCache({ namespace: 'stampede-error' })
    let calls = 0
    const failing = async () => {
      calls++
      await sleep(10)
      throw new Error('database down')
    }
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => cache.getOrSet('k', failing)))
    expect(calls).toBe(1)
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true)
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.getOrSet('k', () => 'recovered')).toBe('recovered')
  })

  it('runs separate loaders for separate keys and namespaces', async () => {
    const cache = createCache({ namespace: 'sep' })
    let calls = 0
    const loader = async () => ++calls
    await Promise.all([
      cache.getOrSet('a', loader),
      cache.getOrSet('b', loader),
      cache.namespace('x').getOrSet('a', loader),
    ])
    expect(calls).toBe(3)
  })

  it('does not cache a loader result that a concurrent delete made obsolete', async () => {
    const cache = createCache({ namespace: 'race' })
    let release!: () => void
    const pending = cache.getOrSet(
      'k',
      () => new Promise<string>((resolve) => (release = () => resolve('old'))),
    )
    await sleep(1)
    await cache.delete('k')
    release()
    expect(await pending).toBe('old')
    expect(await cache.get('k')).toBeUndefined()
  })

  it('does not cache undefined from a loader', async () => {
    const cache = createCache({ namespace: 'undef' })
    let calls = 0
    const nothing = () => {
      calls++
      return undefined
    }
    expect(await cache.getOrSet('nothing', nothing)).toBeUndefined()
    expect(await cache.getOrSet('nothing', nothing)).toBeUndefined()
    expect(calls).toBe(2)
    expect(await cache.getOrSet('null', () => null)).toBeNull()
    expect(await cache.get('null')).toBeNull()
  })

  it('forceFresh skips the cached value', async () => {
    const cache = createCache({ namespace: 'fresh' })
    await cache.set('k', 'cached')
    expect(await cache.getOrSet('k', () => 'new', { forceFresh: true })).toBe('new')
    expect(await cache.get('k')).toBe('new')
  })
})

describe('grace, stale-while-revalidate and fail-safe', () => {
  it('fail-safe: serves the stale value when the loader throws, and reports the error', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'failsafe', clock, grace: '1h' })
    const errorsSeen: unknown[] = []
    cache.on('error', (event) => errorsSeen.push(event))
    await cache.getOrSet('k', () => 'v1', 10)
    clock.advance(11_000)
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.getOrSet('k', () => Promise.reject(new Error('boom')), 10)).toBe('v1')
    expect(errorsSeen).toHaveLength(1)
    expect(errorsSeen[0]).toMatchObject({ operation: 'loader', servedStale: true, key: 'k' })
    expect(cache.stats().staleHits).toBe(1)
    clock.advance(3_600_000)
    await expect(cache.getOrSet('k', () => Promise.reject(new Error('boom')), 10)).rejects.toThrow('boom')
  })

  it('stale-while-revalidate: timeout 0 answers stale at once and refreshes in the background', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'swr', clock, grace: '1h' })
    await cache.set('k', 'old', 10)
    clock.advance(20_000)
    let release!: () => void
    const loader = () => new Promise<string>((resolve) => (release = () => resolve('new')))
    expect(await cache.getOrSet('k', loader, { ttl: 10, timeout: 0 })).toBe('old')
    release()
    await sleep(5)
    expect(await cache.get('k')).toBe('new')
  })

  it('soft timeout: waits up to the timeout for a fresh value, then serves stale', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'soft', clock, grace: '1h' })
    await cache.set('k', 'old', 10)
    clock.advance(20_000)
    const quick = await cache.getOrSet('k', () => sleep(5).then(() => 'quick'), { timeout: '200ms' })
    expect(quick).toBe('quick')
    await cache.expire('k')
    const slow = await cache.getOrSet('k', () => sleep(300).then(() => 'slow'), { timeout: '20ms' })
    expect(slow).toBe('quick')
    await sleep(350)
    expect(await cache.get('k')).toBe('slow')
  })

  it('hard timeout: stale value when there is one, a typed error when not', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'hard', clock, grace: '1h' })
    await cache.set('k', 'old', 10)
    clock.advance(20_000)
    expect(await cache.getOrSet('k', () => sleep(200).then(() => 'late'), { hardTimeout: '20ms' })).toBe(
      'old',
    )
    await expect(
      cache.getOrSet('cold', () => sleep(200).then(() => 'late'), { hardTimeout: '20ms' }),
    ).rejects.toMatchObject({ code: errors.LOADER_TIMEOUT })
    expect(cache.stats().loader.timeouts).toBe(2)
  })

  it('without grace an expired entry is gone', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'nograce', clock })
    await cache.set('k', 'v', 1)
    clock.advance(1_000)
    await expect(cache.getOrSet('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
  })

  it('passes the stale value and an abort signal to the loader', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'ctx', clock, grace: 60 })
    await cache.set('k', 1, 1)
    clock.advance(2_000)
    let seen: unknown
    let signal: AbortSignal | undefined
    let loaderStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => {
      loaderStarted = resolve
    })
    const loading = cache.getOrSet('k', async (context) => {
      seen = context.staleValue
      signal = context.signal
      loaderStarted()
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve))
      return 2
    })
    await started
    expect(seen).toBe(1)
    expect(signal?.aborted).toBe(false)
    await cache.close()
    expect(signal?.aborted).toBe(true)
    await loading
  })

  it('a stale value in L2 is used when L1 has none', async () => {
    const clock = createManualClock(0)
    const l2 = createMemoryStore({ serialize: true })
    const cache = createCache({ namespace: 'l2stale', clock, grace: 60, layers: [createMemoryStore(), l2] })
    await cache.set('k', 'v', 1)
    clock.advance(2_000)
    expect(await cache.getOrSet('k', () => Promise.reject(new Error('x')))).toBe('v')
  })

  it('the hard timeout aborts the loader signal, and a value the loader returns after it is not cached', async () => {
    const cache = createCache({ namespace: 'hard-abort' })
    let signal: AbortSignal | undefined
    let finish: (value: string) => void = () => {}
    const loading = cache.getOrSet(
      'k',
      (context) => {
        signal = context.signal
        return new Promise<string>((resolve) => {
          finish = resolve
        })
      },
      { hardTimeout: '20ms' },
    )
    await expect(loading).rejects.toMatchObject({ code: errors.LOADER_TIMEOUT })
    expect(signal?.aborted).toBe(true)
    expect(LayercacheError.hasCode(signal?.reason, errors.LOADER_TIMEOUT)).toBe(true)
    finish('too late')
    await sleep(10)
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.getOrSet('k', () => 'on time')).toBe('on time')
  })
})
