import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore } from '@layercache/redis'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'

/** What one Next server holds: its own memory layer and clients, on the shared Redis and bus. */
export interface Instance {
  readonly cache: Cache
  close(): Promise<void>
}

/** A group of "servers" sharing one Redis prefix and bus channel, as Next instances of one app do. */
export interface Deployment {
  instance(options?: { url?: string; timeout?: string; analytics?: boolean }): Promise<Instance>
  close(): Promise<void>
}

export async function redisDeployment(label: string): Promise<Deployment> {
  const url = await getRedisUrl()
  const prefix = uniquePrefix(label)
  const instances: Instance[] = []
  return {
    async instance(options = {}) {
      const redis = new Redis(options.url ?? url, { maxRetriesPerRequest: 1 })
      redis.on('error', () => {})
      const bus = createRedisBus({ client: redis, prefix: `${prefix}bus:`, heartbeatInterval: '200ms' })
      const cache = createCache({
        namespace: 'next',
        layers: [
          createMemoryStore(),
          createRedisStore({ client: redis, prefix: `${prefix}s:`, timeout: options.timeout ?? '1s' }),
        ],
        bus,
        logger: false,
        ...(options.analytics ? { analytics: true } : {}),
      })
      await bus.ready()
      const instance = {
        cache,
        async close() {
          await cache.close()
          await bus.close()
          redis.disconnect()
        },
      }
      instances.push(instance)
      return instance
    },
    async close() {
      await Promise.all(instances.map((instance) => instance.close()))
      await deleteKeysWithPrefix(url, prefix)
    },
  }
}

export function memoryCache(): Cache {
  return createCache({ namespace: 'next', layers: [createMemoryStore()], logger: false })
}

/** Polls `check` until it holds or `deadline` ms pass (then one last failing run shows why). */
export async function eventually(check: () => Promise<void>, deadline = 10_000): Promise<void> {
  const until = Date.now() + deadline
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() > until) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
