import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore } from '@layercache/redis'
import { type ClientFactory, deleteKeysWithPrefixOn, uniquePrefix } from '@layercache/test-utils'

/** Two "servers" (memory layers apart) on one Redis client kind: its store layer and its bus. */
export interface ClientDeployment {
  readonly serverA: Cache
  readonly serverB: Cache
  close(): Promise<void>
}

export async function clientDeployment(factory: ClientFactory, label: string): Promise<ClientDeployment> {
  const prefix = uniquePrefix(`${label}-${factory.name}`)
  const servers = await Promise.all(
    [0, 1].map(async () => {
      const { client, close } = await factory.create()
      const bus = createRedisBus({ client, prefix: `${prefix}bus:`, heartbeatInterval: '200ms' })
      const cache = createCache({
        namespace: 'next',
        layers: [createMemoryStore(), createRedisStore({ client, prefix: `${prefix}s:`, timeout: '30s' })],
        bus,
        logger: false,
      })
      await bus.ready()
      return {
        cache,
        async close() {
          await cache.close()
          await bus.close()
          await close()
        },
      }
    }),
  )
  const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]]
  return {
    serverA: a.cache,
    serverB: b.cache,
    async close() {
      await Promise.all(servers.map((server) => server.close()))
      await deleteKeysWithPrefixOn(factory.name, prefix)
    },
  }
}
