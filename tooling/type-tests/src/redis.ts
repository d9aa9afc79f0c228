import { createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore, type RedisStore } from '@layercache/redis'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Cluster, Redis } from 'ioredis'
import { Cluster as ClusterV5, Redis as RedisV5 } from 'ioredis-v5'
import { createClient, createCluster } from 'redis'
import { createClient as createClientV5, createCluster as createClusterV5 } from 'redis-v5'
import { type Equal, expectType } from './expect-type.js'

/** Every client we support is accepted as it comes from its library, current and previous majors. */
export function redisTypes(): void {
  const ioredis = new Redis({ lazyConnect: true })
  const stores: RedisStore[] = [
    createRedisStore({ client: ioredis, prefix: 'app:' }),
    createRedisStore({ client: new Cluster([{ host: '127.0.0.1', port: 7000 }], { lazyConnect: true }) }),
    createRedisStore({ client: new RedisV5({ lazyConnect: true }) }),
    createRedisStore({ client: new ClusterV5([{ host: '127.0.0.1', port: 7000 }], { lazyConnect: true }) }),
    createRedisStore({ client: createClient({ url: 'redis://127.0.0.1:6379' }) }),
    createRedisStore({ client: createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:7000' }] }) }),
    createRedisStore({ client: createClientV5({ url: 'redis://127.0.0.1:6379' }) }),
    createRedisStore({ client: createClusterV5({ rootNodes: [{ url: 'redis://127.0.0.1:7000' }] }) }),
    createRedisStore({ client: new UpstashRedis({ url: 'http://127.0.0.1:8079', token: 'token' }) }),
  ]
  expectType<Equal<(typeof stores)[number], RedisStore>>()
  expectType<Equal<ReturnType<typeof createRedisStore>, RedisStore>>()

  const cache = createCache({
    namespace: 'app',
    layers: [createMemoryStore(), createRedisStore({ client: ioredis })],
    bus: createRedisBus({ client: ioredis }),
  })
  expectType<Equal<Awaited<ReturnType<typeof cache.get<number>>>, number | undefined>>()

  // @ts-expect-error a connection URL is not a client: the user passes the client they made
  createRedisStore({ client: 'redis://127.0.0.1:6379' })
}
