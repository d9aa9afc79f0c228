// One "server" of the cross-process stampede test: waits for "go", then asks for a cold key whose
// loader is slow and counts its own runs in Redis.
import { createCache, createMemoryStore } from '@layercache/core'
import { Redis } from 'ioredis'
import { createRedisStore } from '../../src/index.js'

const [url, prefix, key, mode] = process.argv.slice(2) as [string, string, string, 'distributed' | 'local']
const client = new Redis(url)
const cache = createCache({
  namespace: 'stampede',
  layers: [createMemoryStore(), createRedisStore({ client, prefix, timeout: '30s' })],
})

process.on('message', async (message) => {
  if (message !== 'go') return
  const value = await cache.getOrSet(
    key,
    async () => {
      await client.incr(`${prefix}loader-runs`)
      await new Promise((resolve) => setTimeout(resolve, 300))
      return { loadedBy: process.pid }
    },
    // Generous wait and lock TTL: on a busy machine a waiter must not give up and load by itself.
    { distributedLoad: mode === 'distributed' ? { wait: '60s', lockTtl: '60s' } : false },
  )
  process.send?.({ value })
  await cache.close()
  client.disconnect()
  process.disconnect()
})
process.send?.('ready')
