import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { createCache, createManualClock, invalidateOn, scheduleRefresh, writeThrough } from '../src/index.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

describe('invalidation strategies', () => {
  it('time-based: an entry expires after its TTL', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'ttl', clock })
    await cache.set('a', 1, '10 s')
    await cache.set('b', 2, { ttl: '1m' })
    clock.advance(10_000)
    expect(await cache.getBatch(['a', 'b'])).toEqual([undefined, 2])
    clock.advance(50_000)
    expect(await cache.get('b')).toBeUndefined()
  })

  it('event-driven: an application event invalidates keys and tags', async () => {
    const cache = createCache({ namespace: 'events' })
    const db = new EventEmitter()
    const binding = invalidateOn(cache, db, 'goal.updated', (goal: { id: string }) => ({
      keys: [`goal:${goal.id}`],
      tags: ['goal-lists'],
    }))
    await cache.set('goal:1', 'g1')
    await cache.set('goal:2', 'g2')
    await cache.setWithTags('list', ['g1', 'g2'], ['goal-lists'])
    db.emit('goal.updated', { id: '1' })
    await binding.settled()
    expect(await cache.getBatch(['goal:1', 'goal:2', 'list'])).toEqual([undefined, 'g2', undefined])
    binding.unbind()
    db.emit('goal.updated', { id: '2' })
    await binding.settled()
    expect(await cache.get('goal:2')).toBe('g2')
  })

  it('event-driven: a failing mapper is reported, never thrown into the emitter', async () => {
    const cache = createCache({ namespace: 'events-fail' })
    const source = new EventEmitter()
    const seen: string[] = []
    cache.on('error', (event) => seen.push(event.operation))
    const binding = invalidateOn(cache, source, 'change', () => {
      throw new Error('bad mapper')
    })
    expect(() => source.emit('change')).not.toThrow()
    await binding.settled()
    expect(seen).toEqual(['invalidateOn'])
  })

  it('lazy: expire marks stale, the next read refreshes, the stale value backs a failure', async () => {
    const cache = createCache({ namespace: 'lazy' })
    await cache.set('k', 'v1')
    await cache.expire('k')
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.getOrSet('k', () => Promise.reject(new Error('down')))).toBe('v1')
    expect(await cache.getOrSet('k', () => 'v2')).toBe('v2')
    expect(await cache.get('k')).toBe('v2')
  })

  it('write-through: the cache changes only when the write succeeds', async () => {
    const cache = createCache({ namespace: 'wt' })
    await cache.set('goal:1', { title: 'old' })
    await cache.setWithTags('goals', ['old'], ['goal-lists'])
    await expect(
      writeThrough(cache, 'goal:1', async () => {
        throw new Error('constraint violated')
      }),
    ).rejects.toThrow('constraint violated')
    expect(await cache.get('goal:1')).toEqual({ title: 'old' })
    const saved = await writeThrough(cache, 'goal:1', async () => ({ title: 'new' }), {
      invalidateTags: ['goal-lists'],
    })
    expect(saved).toEqual({ title: 'new' })
    expect(await cache.get('goal:1')).toEqual({ title: 'new' })
    expect(await cache.get('goals')).toBeUndefined()
  })

  it('write-through: a value that cannot be cached drops the old copy and throws', async () => {
    const cache = createCache({ namespace: 'wt-bad' })
    await cache.set('k', 'old')
    await expect(writeThrough(cache, 'k', async () => ({ run: () => 1 }))).rejects.toMatchObject({
      code: 'E_UNSERIALIZABLE_VALUE',
    })
    expect(await cache.get('k')).toBeUndefined()
  })

  it('stale-while-revalidate: readers never wait once a value exists', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'swr2', clock, grace: '1h', timeout: 0 })
    let version = 0
    // The refresh cannot finish before the test lets it: a reader that waited for it would never return.
    let letRefreshFinish = () => {}
    const refreshMayFinish = new Promise<void>((resolve) => {
      letRefreshFinish = resolve
    })
    const loader = async () => {
      if (version > 0) await refreshMayFinish
      return ++version
    }
    expect(await cache.getOrSet('k', loader, 1)).toBe(1)
    clock.advance(2_000)
    expect(await cache.getOrSet('k', loader, 1)).toBe(1)
    expect(await cache.getOrSet('k', loader, 1)).toBe(1)
    letRefreshFinish()
    await vi.waitUntil(async () => (await cache.get('k')) === 2, { timeout: 10_000, interval: 5 })
    expect(version).toBe(2)
  })

  it('bulk: by tags, by key prefix, the whole namespace', async () => {
    const cache = createCache({ namespace: 'bulk' })
    await cache.setBatch([
      { key: 'user:1:profile', value: 1 },
      { key: 'user:1:settings', value: 2 },
      { key: 'user:2:profile', value: 3, tags: ['t1'] },
      { key: 'org:1', value: 4, tags: ['t2'] },
      { key: 'org:2', value: 5 },
    ])
    expect(await cache.deleteByPrefix('user:1:')).toBe(2)
    await cache.invalidateByTags(['t1', 't2'])
    expect(await cache.getBatch(['user:1:profile', 'user:2:profile', 'org:1', 'org:2'])).toEqual([
      undefined,
      undefined,
      undefined,
      5,
    ])
    expect(await cache.deleteBatch(['org:2', 'nope'])).toBe(1)
    await cache.set('x', 1)
    await cache.clear()
    expect(await cache.get('x')).toBeUndefined()
  })

  it('scheduled refresh: refreshes every interval, never two runs at once, stops on demand', async () => {
    const cache = createCache({ namespace: 'scheduled' })
    let running = 0
    let overlapped = false
    let version = 0
    // The first run is held open until the test lets it finish: the ticks meanwhile must be skipped.
    let letFirstRunFinish = () => {}
    const firstRunMayFinish = new Promise<void>((resolve) => {
      letFirstRunFinish = resolve
    })
    const refresh = scheduleRefresh(
      cache,
      'cached:data',
      async () => {
        running++
        if (running > 1) overlapped = true
        if (version === 0) await firstRunMayFinish
        running--
        return { version: ++version }
      },
      { every: '10ms' },
    )
    await vi.waitUntil(() => refresh.skipped >= 2, { timeout: 10_000, interval: 5 })
    expect(refresh.runs).toBe(0)
    letFirstRunFinish()
    await vi.waitUntil(() => refresh.runs >= 3, { timeout: 10_000, interval: 5 })
    refresh.stop()
    await refresh.refreshNow() // waits for a run a last tick may have started
    const runs = refresh.runs
    expect(overlapped).toBe(false)
    expect(await cache.get<{ version: number }>('cached:data')).toEqual({ version })
    await sleep(100) // ten intervals: a timer left running would have run again
    expect(refresh.runs).toBe(runs)
  })

  it('scheduled refresh: a failing run keeps the old value and is reported', async () => {
    const cache = createCache({ namespace: 'scheduled-fail' })
    const seen: string[] = []
    cache.on('error', (event) => seen.push(event.operation))
    let fail = false
    const refresh = scheduleRefresh(
      cache,
      'k',
      async () => {
        if (fail) throw new Error('upstream down')
        return 'good'
      },
      { every: '1h' },
    )
    await refresh.refreshNow()
    fail = true
    await refresh.refreshNow()
    expect(await cache.get('k')).toBe('good')
    expect(seen).toEqual(['scheduledRefresh'])
    await cache.close()
  })
})
