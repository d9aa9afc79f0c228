import type { RedisClient } from '@layercache/redis'
import { getRedisUrl, sharedUpstashRestServer, startTcpProxy, type TcpProxy } from '@layercache/test-utils'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Redis } from 'ioredis'
import { createClient } from 'redis'

/** The clients a fault test can put a proxy in front of (a cluster client would bypass it). */
export type ProxiedKind = 'ioredis' | 'node-redis' | 'upstash'

/** A connected client whose path to the server goes through a proxy the test controls. */
export interface ProxiedClient {
  client: RedisClient
  proxy: TcpProxy
  close(): Promise<void>
}

/**
 * A client of `kind` behind a fresh TCP proxy: to Redis for ioredis and node-redis, to the local
 * Upstash REST server for @upstash/redis. ioredis gets the options the `@layercache/redis` README
 * recommends (fail fast while disconnected); node-redis and Upstash keep their defaults (an offline
 * queue; five HTTP retries), so only the store's timeout bounds their waits.
 */
export async function proxiedClient(kind: ProxiedKind): Promise<ProxiedClient> {
  if (kind === 'upstash') {
    const { url, token } = await sharedUpstashRestServer()
    const proxy = await startTcpProxy(url)
    const client = new UpstashRedis({ url: proxy.url, token, enableTelemetry: false })
    return { client, proxy, close: () => proxy.close() }
  }
  const proxy = await startTcpProxy(await getRedisUrl())
  if (kind === 'ioredis') {
    const client = new Redis(proxy.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
    })
    client.on('error', () => {})
    await client.connect()
    return {
      client,
      proxy,
      close: async () => {
        client.disconnect()
        await proxy.close()
      },
    }
  }
  const client = createClient({ url: proxy.url, socket: { reconnectStrategy: () => 50 } })
  client.on('error', () => {})
  await client.connect()
  return {
    client: client as RedisClient,
    proxy,
    close: async () => {
      client.destroy()
      await proxy.close()
    },
  }
}
