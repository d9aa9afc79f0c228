import {
  type Cache,
  type CacheOptions,
  createCache,
  createMemoryStore,
  type MemoryStore,
} from '@layercache/core'
import { entryOf } from '@layercache/core/store'
import { Redis } from 'ioredis'
import { createRedisBus, createRedisStore, type RedisBus, type RedisStore } from '../../src/index.js'
import { type LateReplies, lateReplies } from './late-replies.js'

/** One "server" of a test: its own Redis client, memory layer, Redis layer (with late replies) and bus. */
export interface CacheServer {
  readonly cache: Cache
  readonly memory: MemoryStore
  readonly store: RedisStore
  readonly late: LateReplies
  readonly bus: RedisBus | undefined
  readonly client: Redis
  /** The value the memory layer holds at `key` of namespace `namespace`, without going through the cache. */
  inMemory(key: string): unknown
  close(): Promise<void>
}

/** Options of {@link cacheServer}. */
export interface CacheServerOptions extends Omit<CacheOptions, 'layers' | 'bus'> {
  url: string
  prefix: string
  /** Join a bus on channels under `${prefix}bus:`. @default true */
  bus?: boolean
}

/** Starts a test server (see {@link CacheServer}); namespace `app` unless given. */
export async function cacheServer(options: CacheServerOptions): Promise<CacheServer> {
  const { url, prefix, bus: withBus = true, ...cacheOptions } = options
  const client = new Redis(url, { maxRetriesPerRequest: 1 })
  await new Promise((resolve) => client.once('ready', resolve))
  const memory = createMemoryStore()
  const store = createRedisStore({ client, prefix, timeout: '30s' })
  const late = lateReplies(store)
  const bus = withBus ? createRedisBus({ client, prefix: `${prefix}bus:` }) : undefined
  const namespace = cacheOptions.namespace ?? 'app'
  const cache = createCache({ ...cacheOptions, namespace, layers: [memory, store], bus })
  await bus?.ready()
  return {
    cache,
    memory,
    store,
    late,
    bus,
    client,
    inMemory: (key) => entryOf(memory.get(`${namespace}::${key}`))?.value,
    async close() {
      await cache.close()
      await bus?.close()
      client.disconnect()
    },
  }
}

/** Polls `check` every few ms until it is true or `within` ms pass; returns whether it became true. */
export async function eventually(check: () => boolean | Promise<boolean>, within = 20_000): Promise<boolean> {
  const deadline = Date.now() + within
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return check()
}

/**
 * Reads `key` through `server` until its memory layer holds it (a read that overlaps a bus message
 * does not fill memory, so the first one may not), within a generous deadline.
 */
export async function warm(server: CacheServer, key: string): Promise<void> {
  const warmed = await eventually(async () => {
    await server.cache.get(key)
    return server.inMemory(key) !== undefined
  })
  if (!warmed) throw new Error(`the memory layer never took ${key}`)
}
