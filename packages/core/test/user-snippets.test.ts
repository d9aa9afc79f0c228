import { describe, expect, it } from 'vitest'
import { cacheManager } from '../src/index.js'

// The user's brief, run unchanged against the ready `cacheManager`.
describe('the brief, as written', () => {
  it('basic operations', async () => {
    const value = { goal: 'ship' }
    expect(await cacheManager.get('key')).toBeUndefined()
    await cacheManager.set('key', value, 300)
    expect(await cacheManager.get('key')).toEqual(value)
    expect(await cacheManager.delete('key')).toBe(true)
    expect(await cacheManager.delete('key')).toBe(false)
    await cacheManager.set('key', value, 300)
    await cacheManager.clear()
    expect(await cacheManager.get('key')).toBeUndefined()
  })

  it('tagged cache', async () => {
    const goalData = { id: 123, title: 'Launch' }
    await cacheManager.setWithTags('goal:123', goalData, ['goals', 'user:456'], 300)
    expect(await cacheManager.get('goal:123')).toEqual(goalData)
    await cacheManager.invalidateByTags(['goals'])
    expect(await cacheManager.get('goal:123')).toBeUndefined()
    expect(await cacheManager.has('goal:123')).toBe(false)
  })

  it('batch operations', async () => {
    await cacheManager.setBatch([
      { key: 'key1', value: 'value1', ttl: 300 },
      { key: 'key2', value: 'value2', ttl: 600 },
    ])
    const values = await cacheManager.getBatch(['key1', 'key2', 'key3'])
    expect(values).toEqual(['value1', 'value2', undefined])
  })

  it('auto-fetch pattern', async () => {
    let calls = 0
    const fetchExpensiveData = async () => {
      calls++
      return { rows: [1, 2, 3] }
    }
    const first = await cacheManager.getOrSet('expensive:data', async () => await fetchExpensiveData(), 600)
    const second = await cacheManager.getOrSet('expensive:data', async () => await fetchExpensiveData(), 600)
    expect(first).toEqual({ rows: [1, 2, 3] })
    expect(second).toEqual(first)
    expect(calls).toBe(1)
  })

  it('TTL guidelines', async () => {
    const value = 'v'
    await cacheManager.set('live:data', value, 60)
    await cacheManager.set('user:profile', value, 900)
    await cacheManager.set('settings', value, 3600)
    await cacheManager.set('countries', value, 86400)
    expect(await cacheManager.getBatch(['live:data', 'user:profile', 'settings', 'countries'])).toEqual([
      'v',
      'v',
      'v',
      'v',
    ])
  })

  it('invalidation on data change', async () => {
    const rows = new Map<string, { id: string; title: string }>([['1', { id: '1', title: 'old' }]])
    const db = {
      update: async (id: string, data: { title: string }) => {
        const row = { id, ...data }
        rows.set(id, row)
        return row
      },
    }
    async function updateGoal(id: string, data: { title: string }) {
      const goal = await db.update(id, data)
      await cacheManager.delete(`goal:${id}`)
      await cacheManager.invalidateByTags(['goals'])
      return goal
    }
    await cacheManager.setWithTags('goal:1', rows.get('1'), ['goals'], 300)
    await cacheManager.setWithTags('goals:list', [...rows.values()], ['goals'], 300)
    await updateGoal('1', { title: 'new' })
    expect(await cacheManager.get('goal:1')).toBeUndefined()
    expect(await cacheManager.get('goals:list')).toBeUndefined()
  })

  it('scheduled refresh', async () => {
    let version = 0
    const fetchFreshData = async () => ({ version: ++version })
    const timer = setInterval(async () => {
      const data = await fetchFreshData()
      await cacheManager.set('cached:data', data, 600)
    }, 20)
    // Poll rather than sleep a fixed time: timers run late on a loaded machine.
    const deadline = Date.now() + 5_000
    let cached: { version: number } | undefined
    while (Date.now() < deadline && (cached?.version ?? 0) < 2) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      cached = await cacheManager.get<{ version: number }>('cached:data')
    }
    clearInterval(timer)
    expect(cached?.version).toBeGreaterThanOrEqual(2)
  })
})
