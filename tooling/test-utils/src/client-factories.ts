import { Redis as UpstashRedis } from '@upstash/redis'
import { Cluster, Redis } from 'ioredis'
import { Cluster as ClusterV5, Redis as RedisV5 } from 'ioredis-v5'
import { createClient, createCluster, type RedisClientType, type RedisClusterType } from 'redis'
import {
  createClient as createClientV5,
  createCluster as createClusterV5,
  type RedisClientType as RedisClientTypeV5,
  type RedisClusterType as RedisClusterTypeV5,
} from 'redis-v5'
import { sharedRedisCluster } from './redis-cluster.js'
import { getRedisUrl } from './redis-url.js'
import { sharedUpstashRestServer } from './shared-upstash-server.js'

/**
 * The Redis clients our stores accept, each tested against a real server. The plain names are the
 * clients' current majors (ioredis 6, node-redis 6); the `-v5` kinds are their previous majors, still
 * supported (`ioredis-v5` and `redis-v5` in the workspace catalog alias them).
 */
export type ClientKind =
  | 'ioredis'
  | 'ioredis-cluster'
  | 'node-redis'
  | 'node-redis-cluster'
  | 'upstash'
  | 'ioredis-v5'
  | 'ioredis-v5-cluster'
  | 'node-redis-v5'
  | 'node-redis-v5-cluster'

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
  | { name: 'ioredis-v5'; create(): Promise<CreatedClient<RedisV5>> }
  | { name: 'ioredis-v5-cluster'; create(): Promise<CreatedClient<ClusterV5>> }
  | { name: 'node-redis-v5'; create(): Promise<CreatedClient<RedisClientTypeV5>> }
  | { name: 'node-redis-v5-cluster'; create(): Promise<CreatedClient<RedisClusterTypeV5>> }

/** Options for {@link redisClientFactories}. */
export interface RedisClientFactoriesOptions {
  /**
   * Which kinds to return, in this order.
   * @default {@link LATEST_CLIENT_KINDS}
   */
  kinds?: readonly ClientKind[]
  /**
   * The standalone Redis that `ioredis`, `node-redis` and `upstash` (through a local REST server in
   * front of it) talk to, e.g. a private `startRedisServer()` for a test that counts commands.
   * @default getRedisUrl()
   */
  url?: string
}

/** One kind per client library and topology, each on the library's current major. */
export const LATEST_CLIENT_KINDS: readonly ClientKind[] = [
  'ioredis',
  'ioredis-cluster',
  'node-redis',
  'node-redis-cluster',
  'upstash',
]

/**
 * {@link LATEST_CLIENT_KINDS} and the previous majors of ioredis and node-redis: for the suites that
 * exist to prove every driver behaves the same (store conformance, the bus, the packages' conformance
 * suites), not for every test.
 */
export const ALL_CLIENT_KINDS: readonly ClientKind[] = [
  ...LATEST_CLIENT_KINDS,
  'ioredis-v5',
  'ioredis-v5-cluster',
  'node-redis-v5',
  'node-redis-v5-cluster',
]

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
    ioredis: { name: 'ioredis', create: () => createIoredis(url, Redis) },
    'ioredis-cluster': { name: 'ioredis-cluster', create: () => createIoredisCluster(Cluster) },
    'node-redis': { name: 'node-redis', create: () => createNodeRedis(url, createClient) },
    'node-redis-cluster': {
      name: 'node-redis-cluster',
      create: () => createNodeRedisCluster(createCluster),
    },
    upstash: { name: 'upstash', create: () => createUpstash(options.url) },
    'ioredis-v5': { name: 'ioredis-v5', create: () => createIoredis(url, RedisV5) },
    'ioredis-v5-cluster': { name: 'ioredis-v5-cluster', create: () => createIoredisCluster(ClusterV5) },
    'node-redis-v5': { name: 'node-redis-v5', create: () => createNodeRedis(url, createClientV5) },
    'node-redis-v5-cluster': {
      name: 'node-redis-v5-cluster',
      create: () => createNodeRedisCluster(createClusterV5),
    },
  }
  return (options.kinds ?? LATEST_CLIENT_KINDS).map((kind) => factories[kind])
}

// Each helper takes the library's constructor or factory, so one helper serves both majors.

async function createIoredis<Client extends Redis | RedisV5>(
  url: string,
  Constructor: new (url: string, options: { lazyConnect: boolean; maxRetriesPerRequest: number }) => Client,
): Promise<CreatedClient<Client>> {
  const client = new Constructor(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await client.connect()
  return { client, close: () => closeIoredis(client) }
}

async function createIoredisCluster<Client extends Cluster | ClusterV5>(
  Constructor: new (
    nodes: { host: string; port: number }[],
    options: { lazyConnect: boolean; redisOptions: { maxRetriesPerRequest: number } },
  ) => Client,
): Promise<CreatedClient<Client>> {
  const { nodes } = await sharedRedisCluster()
  const client = new Constructor(nodes, { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } })
  await client.connect()
  return { client, close: () => closeIoredis(client) }
}

async function createNodeRedis<Client extends RedisClientType | RedisClientTypeV5>(
  url: string,
  create: (options: { url: string }) => unknown,
): Promise<CreatedClient<Client>> {
  const client = create({ url }) as Client
  await client.connect()
  return { client, close: () => client.close() }
}

async function createNodeRedisCluster<Client extends RedisClusterType | RedisClusterTypeV5>(
  create: (options: { rootNodes: { url: string }[] }) => unknown,
): Promise<CreatedClient<Client>> {
  const { nodes } = await sharedRedisCluster()
  const client = create({
    rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
  }) as Client
  await client.connect()
  return { client, close: () => client.close() }
}

async function createUpstash(redisUrl: string | undefined): Promise<CreatedClient<UpstashRedis>> {
  const { url, token } = await sharedUpstashRestServer(redisUrl)
  const client = new UpstashRedis({ url, token, enableTelemetry: false })
  // Nothing to close: the client holds no connection of its own, only fetch's pooled sockets.
  return { client, close: async () => {} }
}

async function closeIoredis(client: Redis | Cluster | RedisV5 | ClusterV5): Promise<void> {
  await client.quit().catch(() => client.disconnect())
}
