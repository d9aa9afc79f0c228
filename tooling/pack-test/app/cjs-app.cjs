// Runs as a CommonJS program in a fresh npm project where the @layercache tarballs were installed.
const assert = require('node:assert/strict')
const { cacheManager, createCache, createMemoryStore } = require('@layercache/core')
const { createLeaderboard } = require('@layercache/leaderboard')
const { createLock } = require('@layercache/lock')
const { createRateLimit, fixedWindow } = require('@layercache/ratelimit')
const { createRedisStore } = require('@layercache/redis')
const { createClient } = require('redis')

async function main() {
  const cache = createCache({ namespace: 'app' })
  await cache.set('user:1', { name: 'Ada' })
  assert.deepEqual(await cache.get('user:1'), { name: 'Ada' })
  await cache.close()

  // The ES module build of core, imported into the same process, shares the one cacheManager.
  await cacheManager.set('set-through-require', 'cjs', 60)
  const imported = await import('@layercache/core')
  assert.equal(await imported.cacheManager.get('set-through-require'), 'cjs')

  const ratelimit = createRateLimit({ store: createMemoryStore(), limiter: fixedWindow(1, '60 s') })
  assert.equal((await ratelimit.limit('user:1')).success, true)
  assert.equal((await ratelimit.limit('user:1')).success, false)

  const lock = createLock({ store: createMemoryStore() })
  assert.equal(await lock.withLock('job', async () => 42, { ttl: 10 }), 42)

  const board = createLeaderboard({ store: createMemoryStore(), name: 'arcade' })
  await board.submit('ada', 100)
  assert.equal((await board.top(1))[0].member, 'ada')

  // Redis through node-redis, under a prefix of this run's own; the caller deletes its keys afterwards.
  const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
  await client.connect()
  const prefix = process.env.LAYERCACHE_PACK_PREFIX
  assert.ok(prefix, 'LAYERCACHE_PACK_PREFIX is set by the pack test')
  const writer = createCache({ namespace: 'cjs', layers: [createMemoryStore(), createRedisStore({ client, prefix })] })
  const reader = createCache({ namespace: 'cjs', layers: [createRedisStore({ client, prefix })] })
  await writer.set('user:1', { name: 'Ada', tags: new Set(['admin']) })
  assert.deepEqual(await reader.get('user:1'), { name: 'Ada', tags: new Set(['admin']) })
  await Promise.all([writer.close(), reader.close()])
  await client.quit()
  console.log('cjs app: ok')
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
