// Example 2 of the brief: production caching on Redis — a cache shared by two server processes, the
// multi-layer strategy, session management and analytics. Needs REDIS_URL.
import { fork } from 'node:child_process'
import { createSessionStore } from '@layercache/core'
import { createLeaderboard } from '@layercache/leaderboard'
import { createLock } from '@layercache/lock'
import {
  createRateLimit,
  createRateLimitCheck,
  fixedWindow,
  rateLimitHeaders,
  slidingWindow,
} from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { connectRedis } from './support/redis-connection.js'
import { check, printStats, section, step } from './support/report.js'
import { shopCache } from './support/shop-cache.js'

const redis = await connectRedis()
const prefix = `example:${process.pid}:`
const { cache, bus } = shopCache(redis, prefix)
await bus.ready()

const serverB = fork(new URL('./support/server-b.ts', import.meta.url), [prefix], {
  execArgv: ['--import', 'tsx'],
})
const replies: ((reply: unknown) => void)[] = []
serverB.on('message', (reply) => replies.shift()?.(reply))
const askB = <T>(request: object) =>
  new Promise<T>((resolve) => {
    replies.push(resolve as (reply: unknown) => void)
    serverB.send(request)
  })
await new Promise((resolve) => replies.push(resolve))

section('Distributed caching across servers')
const loadProduct = async (id: string) => ({ id, name: 'Espresso machine', price: 249 })
await cache.getOrSet('product:1', () => loadProduct('1'))
const first = await askB<{ value: { price: number }; took: number; layers: string[] }>({
  op: 'get',
  key: 'product:1',
})
step(
  `server A loaded product 1; server B reads it from Redis: price ${first.value.price} (${first.layers.join(', ')})`,
)
const second = await askB<{ value: { price: number }; took: number; layers: string[] }>({
  op: 'get',
  key: 'product:1',
})
step(
  `server B again, now from its memory layer in ${second.took.toFixed(2)} ms (${second.layers.join(', ')})`,
)
await cache.set('product:1', { id: '1', name: 'Espresso machine', price: 199 })
let seenByB = 0
for (let attempt = 0; attempt < 100 && seenByB !== 199; attempt++) {
  seenByB = (await askB<{ value: { price: number } }>({ op: 'get', key: 'product:1' })).value.price
}
step(`server A changed the price; the bus dropped B's memory copy, B now sees ${seenByB}`)
check(seenByB === 199, 'the other server never keeps serving the old price')

section('Multi-layer strategy: memory first, Redis behind, the loader last')
await cache.set('catalog:featured', ['1', '2', '3'])
const layersBefore = cache.stats().layers.map((layer) => layer.hits)
await cache.get('catalog:featured')
const layersAfter = cache.stats().layers.map((layer) => layer.hits)
step(
  `a read on server A hit the memory layer: memory +${layersAfter[0]! - layersBefore[0]!}, redis +${layersAfter[1]! - layersBefore[1]!}`,
)
const batch = await cache.getBatch(['product:1', 'catalog:featured', 'product:404'])
step(
  `getBatch over both layers: ${JSON.stringify(batch.map((value) => (value === undefined ? 'miss' : 'hit')))}`,
)

section('Session management')
const sessions = createSessionStore<{ cart: string[] }>({ cache, ttl: '30m', sliding: true })
const session = await sessions.create('user:456', { cart: ['1'] })
step(`session ${session.id.slice(0, 8)}… created for user:456`)
await sessions.update(session.id, { cart: ['1', '2'] })
step(`cart now ${JSON.stringify((await sessions.get(session.id))?.data.cart)}`)
await sessions.destroyAllForUser('user:456')
step(`after destroyAllForUser: ${String(await sessions.get(session.id))}`)

section('Rate limiting')
const limits = createRedisStore({ client: redis, prefix: `${prefix}rl:` })
// The brief's one-liner, now shared by every server:
const checkRateLimit = createRateLimitCheck({ store: limits })
let allowed = 0
for (let request = 0; request < 105; request++) if (await checkRateLimit('user:456', 100, 60)) allowed++
step(`checkRateLimit('user:456', 100, 60): ${allowed} of 105 requests allowed`)
check(allowed === 100, 'exactly the limit is admitted')
// The full API: several limits at once, all or nothing, with HTTP headers
const ratelimit = createRateLimit({
  store: limits,
  limiter: [slidingWindow(100, '60 s'), fixedWindow(10, '1 s')],
})
const response = await ratelimit.limit('user:789')
step(`limit('user:789'): allowed ${response.success}, ${response.remaining} left`)
step(`headers: ${JSON.stringify(rateLimitHeaders(response))}`)

section('Leaderboards (sorted sets)')
// The brief: redis.zadd('leaderboard', { score: 100, member: userId }), redis.zrange('leaderboard', 0, 9, { rev: true })
const leaderboard = createLeaderboard<{ name: string }>({
  store: createRedisStore({ client: redis, prefix }),
  name: 'leaderboard',
})
const userId = 'user:42'
await leaderboard.submitMany([
  { member: 'user:7', score: 250, metadata: { name: 'Grace' } },
  { member: 'user:9', score: 100, metadata: { name: 'Linus' } },
])
const { rank } = await leaderboard.submit(userId, 100, { metadata: { name: 'Ada' } }) // best score kept, one round trip
const top = await leaderboard.top(10, { with: ['metadata'] }) // best first: member, score, rank, and metadata
step(`top 10: ${top.map((entry) => `${entry.rank}. ${entry.metadata?.name} (${entry.score})`).join(', ')}`)
step(`${userId} submitted 100 and ranks ${rank}, behind user:9 who reached 100 first`)
const nearMe = await leaderboard.around(userId, 1)
step(`around ${userId}: ${nearMe.map((entry) => entry.member).join(', ')}`)
check(rank === 3 && nearMe.length === 2, 'a tie ranks whoever reached the score first ahead')

section('Distributed lock with a fencing token')
// Before: `if (await redis.set('lock:report', '1', 'EX', 30, 'NX')) { await build(); await redis.del('lock:report') }`
// — that DEL can delete another server's lock, and a server paused past the TTL still writes late.
const lock = createLock({ store: createRedisStore({ client: redis, prefix }) })
const saveReport = async (fence: number, body: string) =>
  (await redis.eval(
    `if tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') > tonumber(ARGV[1]) then return 0 end
     redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'body', ARGV[2]) return 1`,
    1,
    `${prefix}report:daily`,
    fence,
    body,
  )) === 1
const report = await lock.withLock(
  'report:daily',
  async (_signal, { fence }) => ({ fence, saved: await saveReport(fence, 'totals for today') }),
  { ttl: 30, wait: '5s' },
)
step(`server A wrote the daily report under the lock, fence ${report.fence}`)
const late = await saveReport(1, 'from a server whose lock expired long ago')
step(`a late write carrying an older fence was ${late ? 'accepted' : 'refused'}`)
check(report.saved && !late, 'the report refuses a write that carries an older fence')

section('Cache analytics')
// Server B flushes its counters when it closes; then the totals cover both servers.
const exited = new Promise((resolve) => serverB.once('exit', resolve))
serverB.send({ op: 'stop' })
await exited
printStats(cache)
const global = await cache.stats({ global: true })
for (const [namespace, totals] of Object.entries(global.namespaces)) {
  step(
    `${namespace}: ${totals.hits} hits, ${totals.misses} misses across both servers (hit rate ${(totals.hitRate * 100).toFixed(0)}%)`,
  )
}

await cache.clear()
await cache.close()
await bus.close()
// Everything the example wrote lives under its prefix (cache, sessions, rate limits, leaderboard,
// lock): purge deletes it all, on every master.
await createRedisStore({ client: redis, prefix }).purge()
redis.disconnect()
