// Example 1 of the brief: basic caching of API responses and database queries, with TTLs, batch
// operations and invalidation, on the embedded in-memory store (no infrastructure needed).
import { cacheManager, createCache, createMemoryStore } from '@layercache/core'
import { GoalDatabase, seedGoals } from './support/fake-database.js'
import { startLocalApi } from './support/local-api.js'
import { check, printStats, section, step } from './support/report.js'

const api = await startLocalApi()
const db = new GoalDatabase(seedGoals())

section('API responses, cached for 60 s')
const fetchWeather = async (city: string) => {
  const response = await fetch(`${api.url}/weather/${encodeURIComponent(city)}`)
  return (await response.json()) as { city: string; temperature: number }
}
for (const city of ['Paris', 'Lagos', 'Paris', 'Paris', 'Lagos', 'Osaka']) {
  const started = performance.now()
  const weather = await cacheManager.getOrSet(`weather:${city}`, () => fetchWeather(city), 60)
  step(`${city.padEnd(6)} ${weather.temperature}°C in ${(performance.now() - started).toFixed(1)} ms`)
}
step(`the API served ${api.requests()} of 6 requests`)
check(api.requests() === 3, 'three distinct cities reach the API once each')

section('Database queries, a cache of its own with a 5 minute default TTL')
const goals = createCache({
  namespace: 'goals',
  layers: [createMemoryStore({ maxEntries: 10_000 })],
  ttl: '5m',
})
const findGoal = (id: string) => goals.getOrSet(`goal:${id}`, () => db.find(id))
for (const id of ['1', '2', '1', '3', '1', '2']) await findGoal(id)
step(`6 lookups, ${db.queries} database queries`)
check(db.queries === 3, 'repeated lookups are served from the cache')

section('get / set / delete / clear with TTLs in seconds or strings')
await cacheManager.set('live:data', { visitors: 42 }, 60)
await cacheManager.set('user:profile', { name: 'Ada' }, '15m')
await cacheManager.set('settings', { theme: 'dark' }, '1h')
await cacheManager.set('countries', ['FR', 'NG', 'JP'], 86400)
step(`get('user:profile') -> ${JSON.stringify(await cacheManager.get('user:profile'))}`)
step(`get('unknown') -> ${String(await cacheManager.get('unknown'))} (a miss is undefined; null is a value)`)
step(`delete('settings') -> ${await cacheManager.delete('settings')}`)
step(`delete('settings') again -> ${await cacheManager.delete('settings')}`)

section('Batch operations: one call, aligned results')
await goals.setBatch([
  { key: 'goal:10', value: await db.find('10'), ttl: 300 },
  { key: 'goal:11', value: await db.find('11'), ttl: 600 },
])
const batch = await goals.getBatch<{ title: string }>(['goal:10', 'goal:11', 'goal:99'])
step(`getBatch -> ${JSON.stringify(batch.map((goal) => goal?.title))}`)
check(batch[2] === undefined, 'a missing key is undefined in its slot')
step(`deleteBatch -> ${await goals.deleteBatch(['goal:10', 'goal:11', 'goal:99'])} deleted`)

section('Invalidation on data change')
async function updateGoal(id: string, change: { progress: number }) {
  const goal = await db.update(id, change)
  await goals.delete(`goal:${id}`)
  return goal
}
await updateGoal('1', { progress: 100 })
const reloaded = await findGoal('1')
step(`after the update, goal 1 progress = ${reloaded?.progress}`)
check(reloaded?.progress === 100, 'an update never leaves the old value in the cache')

section('Values keep their types')
await cacheManager.set('event', {
  at: new Date('2026-11-23T10:00:00Z'),
  seats: new Set([1, 2]),
  id: 10n ** 20n,
})
const event = await cacheManager.get<{ at: Date; seats: Set<number>; id: bigint }>('event')
step(`Date: ${event?.at instanceof Date}, Set: ${event?.seats instanceof Set}, BigInt: ${typeof event?.id}`)

section('Stats')
printStats(goals)
printStats(cacheManager)
await cacheManager.clear()
step(`after clear(), get('user:profile') -> ${String(await cacheManager.get('user:profile'))}`)

await Promise.all([api.close(), goals.close()])
