import { getRedisUrl, sharedUpstashRestServer, startTcpProxy, type TcpProxy } from '@layercache/test-utils'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import type { RedisClient } from '../../src/index.js'

/** The client kinds whose every connection can be put behind one TCP proxy. */
export type ProxiedKind = 'ioredis' | 'node-redis' | 'upstash'

export const PROXIED_KINDS: ProxiedKind[] = ['ioredis', 'node-redis', 'upstash']

/** A connected client whose connections (and the bus's, duplicated from it) go through `proxy`. */
export interface ProxiedClient {
  client: RedisClient
  proxy: TcpProxy
  close(): Promise<void>
}

export async function proxiedClient(kind: ProxiedKind): Promise<ProxiedClient> {
  if (kind === 'upstash') {
    const { url, token } = await sharedUpstashRestServer()
    const proxy = await startTcpProxy(url)
    const client = new UpstashRedis({ url: proxy.url, token, enableTelemetry: false })
    return { client, proxy, close: () => proxy.close() }
  }
  const proxy = await startTcpProxy(await getRedisUrl())
  if (kind === 'ioredis') {
    const client = new Redis(proxy.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 })
    client.on('error', () => {})
    await client.ping()
    return {
      client,
      proxy,
      close: async () => {
        client.disconnect()
        await proxy.close()
      },
    }
  }
  const client = createClient({ url: proxy.url })
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    proxy,
    close: async () => {
      try {
        client.destroy()
      } catch {
        // Already closed.
      }
      await proxy.close()
    },
  }
}
