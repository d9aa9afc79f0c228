// Runs as an ES module in a fresh npm project where the @layercache tarballs were installed.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { cacheManager, createCache, createMemoryStore } from '@layercache/core'
import { createLeaderboard } from '@layercache/leaderboard'
import { createLock } from '@layercache/lock'
import { createRateLimit, fixedWindow } from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

const cache = createCache({ namespace: 'app' })
await cache.set('user:1', { name: 'Ada' })
assert.deepEqual(await cache.get('user:1'), { name: 'Ada' })
await cache.close()

// The CommonJS build of core, loaded in the same process, shares the one cacheManager.
await cacheManager.set('set-through-import', 'esm', 60)
const required = createRequire(import.meta.url)('@layercache/core')
assert.equal(await required.cacheManager.get('set-through-import'), 'esm')

const ratelimit = createRateLimit({ store: createMemoryStore(), limiter: fixedWindow(1, '60 s') })
assert.equal((await ratelimit.limit('user:1')).success, true)
assert.equal((await ratelimit.limit('user:1')).success, false)

const lock = createLock({ store: createMemoryStore() })
assert.equal(await lock.withLock('job', async () => 42, { ttl: 10 }), 42)

const board = createLeaderboard({ store: createMemoryStore(), name: 'arcade' })
await board.submit('ada', 100)
assert.equal((await board.top(1))[0].member, 'ada')

// Redis, under a prefix of this run's own; the caller deletes its keys afterwards.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
const prefix = process.env.LAYERCACHE_PACK_PREFIX
assert.ok(prefix, 'LAYERCACHE_PACK_PREFIX is set by the pack test')
const writer = createCache({
  namespace: 'esm',
  layers: [createMemoryStore(), createRedisStore({ client: redis, prefix })],
})
const reader = createCache({ namespace: 'esm', layers: [createRedisStore({ client: redis, prefix })] })
await writer.set('user:1', { name: 'Ada', at: new Date(0) })
assert.deepEqual(await reader.get('user:1'), { name: 'Ada', at: new Date(0) })
await Promise.all([writer.close(), reader.close()])
redis.disconnect()
console.log('esm app: ok')
