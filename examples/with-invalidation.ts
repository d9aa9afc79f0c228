// Example 3 of the brief: every invalidation strategy, on the embedded in-memory store.
import { createCache, invalidateOn, scheduleRefresh, writeThrough } from '@layercache/core'
import { type Goal, GoalDatabase, seedGoals } from './support/fake-database.js'
import { check, printStats, section, step } from './support/report.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
const db = new GoalDatabase(seedGoals())
const cache = createCache({ namespace: 'invalidation', ttl: '5m', grace: '1h' })
const goalKey = (id: string) => `goal:${id}`
const loadGoal = (id: string) =>
  cache.getOrSet(goalKey(id), () => db.find(id), {
    tags: ['goals', `owner:${id === '1' ? 'user:2' : 'other'}`],
  })
const loadOwnerGoals = (ownerId: string) =>
  cache.getOrSet(`goals:${ownerId}`, () => db.listByOwner(ownerId), { tags: ['goals', `owner:${ownerId}`] })

section('Tag-based: one write per tag, however many entries carry it')
await Promise.all([loadGoal('1'), loadGoal('2'), loadOwnerGoals('user:1'), loadOwnerGoals('user:2')])
await cache.invalidateByTags(['owner:user:1'])
step(
  `after invalidateByTags(['owner:user:1']): has goals:user:1 = ${await cache.has('goals:user:1')}, has goals:user:2 = ${await cache.has('goals:user:2')}`,
)
check(
  !(await cache.has('goals:user:1')) && (await cache.has('goals:user:2')),
  'only the tagged entries are gone',
)

section('Time-based (TTL)')
await cache.set('flash-sale', { discount: 20 }, '100ms')
step(`right away: ${JSON.stringify(await cache.get('flash-sale'))}`)
await sleep(150)
step(`after 150 ms: ${String(await cache.get('flash-sale'))}`)

section('Event-driven: a database change event invalidates what it touches')
const binding = invalidateOn(cache, db, 'goal.updated', (goal: Goal) => ({
  keys: [goalKey(goal.id)],
  tags: [`owner:${goal.ownerId}`],
}))
await loadGoal('4')
await db.update('4', { progress: 55 })
await binding.settled()
step(`goal 4 cached after its update event: ${await cache.has(goalKey('4'))}`)
check(!(await cache.has(goalKey('4'))), 'the event removed the entry')

section('Lazy: mark stale now, refresh on the next read')
await loadGoal('5')
await cache.expire(goalKey('5'))
const before = db.queries
const lazy = await loadGoal('5')
step(`next read refreshed it with ${db.queries - before} query: ${lazy?.title}`)

section('Write-through: database and cache in one call, cache only on success')
const saved = await writeThrough(cache, goalKey('6'), () => db.update('6', { progress: 80 }), {
  tags: ['goals'],
})
step(`cache holds progress ${(await cache.get<Goal>(goalKey('6')))?.progress} (saved ${saved.progress})`)
try {
  await writeThrough(cache, goalKey('999'), () => db.update('999', { progress: 1 }))
} catch (error) {
  step(
    `a failed write leaves the cache alone: ${(error as Error).message}; cached = ${await cache.has(goalKey('999'))}`,
  )
}

section('Stale-while-revalidate: answer at once, refresh behind the scenes')
await cache.set('report', { version: 1 }, '50ms')
await sleep(80)
let version = 1
const started = performance.now()
const swr = await cache.getOrSet(
  'report',
  async () => {
    await sleep(100)
    return { version: ++version }
  },
  { ttl: '5m', timeout: 0 },
)
step(`served version ${swr.version} in ${(performance.now() - started).toFixed(1)} ms while refreshing`)
await sleep(150)
step(`a moment later: version ${(await cache.get<{ version: number }>('report'))?.version}`)

section('Fail-safe: the source is down, the last good value is served')
await cache.expireByTags(['goals'])
const failSafe = await cache.getOrSet<Goal | undefined>(goalKey('2'), () =>
  Promise.reject(new Error('database unreachable')),
)
step(`goal 2 while the database is down: ${failSafe?.title} (stale hits: ${cache.stats().staleHits})`)

section('Bulk: by tags, by key prefix, the whole namespace')
await Promise.all(['7', '8', '9'].map(loadGoal))
step(`deleteByPrefix('goal:') removed ${await cache.deleteByPrefix('goal:')} entries`)
await cache.invalidateByTags(['goals'])
await cache.clear()
step(`after clear(): has goals:user:2 = ${await cache.has('goals:user:2')}`)

section('Scheduled refresh: every 50 ms, never two runs at once')
let refreshes = 0
const refresh = scheduleRefresh(cache, 'dashboard', async () => ({ refreshedAt: ++refreshes }), {
  every: '50ms',
})
await sleep(180)
refresh.stop()
step(`refreshed ${refresh.runs} times; dashboard = ${JSON.stringify(await cache.get('dashboard'))}`)

section('Stats')
printStats(cache)
await cache.close()
