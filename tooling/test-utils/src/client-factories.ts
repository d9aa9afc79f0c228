import { Redis as UpstashRedis } from '@upstash/redis'
import { Cluster, Redis } from 'ioredis'
import { createClient, createCluster, type RedisClientType, type RedisClusterType } from 'redis'
import { sharedRedisCluster } from './redis-cluster.js'
import { getRedisUrl } from './redis-url.js'
import { sharedUpstashRestServer } from './shared-upstash-server.js'

/** The Redis clients our stores accept, each tested against a real server. */
export type ClientKind = 'ioredis' | 'ioredis-cluster' | 'node-redis' | 'node-redis-cluster' | 'upstash'

/** A connected client and the way to let go of it without leaving handles open. */
export interface CreatedClient<Client> {
  client: Client
  close(): Promise<void>
}

/** Creates connected clients of one kind; `name` narrows `client` to that library's type. */
export type ClientFactory =
  | { name: 'ioredis'; create(): Promise<CreatedClient<Redis>> }
  | { name: 'ioredis-cluster'; create(): Promise<CreatedClient<Cluster>> }
  | { name: 'node-redis'; create(): Promise<CreatedClient<RedisClientType>> }
  | { name: 'node-redis-cluster'; create(): Promise<CreatedClient<RedisClusterType>> }
  | { name: 'upstash'; create(): Promise<CreatedClient<UpstashRedis>> }

/** Options for {@link redisClientFactories}. */
export interface RedisClientFactoriesOptions {
  /**
   * Which kinds to return, in this order.
   * @default all five
   */
  kinds?: ClientKind[]
  /**
   * The standalone Redis that `ioredis`, `node-redis` and `upstash` (through a local REST server in
   * front of it) talk to, e.g. a private `startRedisServer()` for a test that counts commands.
   * @default getRedisUrl()
   */
  url?: string
}

const ALL_KINDS: ClientKind[] = ['ioredis', 'ioredis-cluster', 'node-redis', 'node-redis-cluster', 'upstash']

/**
 * One factory per client kind, for running the same suite against every backend. The standalone
 * kinds use {@link getRedisUrl}; the cluster kinds share one local cluster per process, started by
 * the first `create()`; `upstash` talks HTTP to a local Upstash REST server in front of the same
 * Redis. Each `create()` returns a connected client; call `close()` when the test is done.
 *
 * @example
 * ```ts
 * describe.each(await redisClientFactories())('$name', (factory) => {
 *   test('round trip', async () => {
 *     const { client, close } = await factory.create()
 *     // wrap client in the store under test...
 *     await close()
 *   })
 * })
 * ```
 */
export async function redisClientFactories(
  options: RedisClientFactoriesOptions = {},
): Promise<ClientFactory[]> {
  const url = options.url ?? (await getRedisUrl())
  const factories: { [Kind in ClientKind]: Extract<ClientFactory, { name: Kind }> } = {
    ioredis: { name: 'ioredis', create: () => createIoredis(url) },
    'ioredis-cluster': { name: 'ioredis-cluster', create: createIoredisCluster },
    'node-redis': { name: 'node-redis', create: () => createNodeRedis(url) },
    'node-redis-cluster': { name: 'node-redis-cluster', create: createNodeRedisCluster },
    upstash: { name: 'upstash', create: () => createUpstash(options.url) },
  }
  return (options.kinds ?? ALL_KINDS).map((kind) => factories[kind])
}

async function createIoredis(url: string): Promise<CreatedClient<Redis>> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await client.connect()
  return { client, close: () => closeIoredis(client) }
}

async function createIoredisCluster(): Promise<CreatedClient<Cluster>> {
  const { nodes } = await sharedRedisCluster()
  const client = new Cluster(nodes, { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } })
  await client.connect()
  return { client, close: () => closeIoredis(client) }
}

async function createNodeRedis(url: string): Promise<CreatedClient<RedisClientType>> {
  const client: RedisClientType = createClient({ url })
  await client.connect()
  return { client, close: () => client.close() }
}

async function createNodeRedisCluster(): Promise<CreatedClient<RedisClusterType>> {
  const { nodes } = await sharedRedisCluster()
  const client: RedisClusterType = createCluster({
    rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
  })
  await client.connect()
  return { client, close: () => client.close() }
}

async function createUpstash(redisUrl: string | undefined): Promise<CreatedClient<UpstashRedis>> {
  const { url, token } = await sharedUpstashRestServer(redisUrl)
  const client = new UpstashRedis({ url, token, enableTelemetry: false })
  // Nothing to close: the client holds no connection of its own, only fetch's pooled sockets.
  return { client, close: async () => {} }
}

async function closeIoredis(client: Redis | Cluster): Promise<void> {
  await client.quit().catch(() => client.disconnect())
}
