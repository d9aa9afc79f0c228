import { AsyncLocalStorage } from 'node:async_hooks'
import {
  type BusMessage,
  type BusSignal,
  type Cache,
  type CacheBus,
  createCache,
  createMemoryStore,
} from '@layercache/core'
import { Redis } from 'ioredis'
import { createRedisBus, createRedisStore } from '../../src/index.js'
import { delayReplies } from './delayed-replies.js'
import type { BusHearing } from './register-history.js'

/** How late the Redis replies of one operation arrive, in milliseconds. */
export interface ReplyDelays {
  readonly read: number
  readonly write: number
}

const delays = new AsyncLocalStorage<ReplyDelays>()

/** Runs `operation` with its Redis replies delayed as `replyDelays` says (on every model server). */
export function withReplyDelays<T>(replyDelays: ReplyDelays, operation: () => Promise<T>): Promise<T> {
  return delays.run(replyDelays, operation)
}

/** One "server" of the model test: memory over Redis, with a bus whose traffic is counted. */
export interface ModelServer {
  readonly cache: Cache
  /** Messages this server's cache has published. */
  published: number
  /** What it heard, on the shared logical clock. */
  readonly hearing: BusHearing
  close(): Promise<void>
}

/**
 * Starts a server on its own client: `[createMemoryStore(), createRedisStore]` with replies delayed per
 * operation (see {@link withReplyDelays}), and a `createRedisBus` wrapped to count what is published and
 * to note, at `tick()`, each message heard (after the cache applied it: a memory store does so
 * synchronously) and each signal.
 */
export async function startModelServer(options: {
  url: string
  prefix: string
  namespace: string
  tick: () => number
}): Promise<ModelServer> {
  const client = new Redis(options.url, { maxRetriesPerRequest: 1 })
  // A read Redis did not answer in time would fall back to a miss, which the model would take for
  // the cache's answer: a generous timeout, and failures thrown rather than hidden.
  const store = createRedisStore({ client, prefix: options.prefix, timeout: '10s' })
  delayReplies(store, (kind) => delays.getStore()?.[kind] ?? 0)
  const bus = createRedisBus({ client, prefix: `${options.prefix}bus:`, heartbeatInterval: '100ms' })
  const server: ModelServer = {
    cache: undefined as unknown as Cache,
    published: 0,
    hearing: { deliveries: [], signals: [] },
    async close() {
      await server.cache.close()
      await bus.close()
      client.disconnect()
    },
  }
  const counted: CacheBus = {
    join(channel, listener) {
      const member = bus.join(channel, (message: BusMessage | BusSignal) => {
        listener(message)
        const heard = message.type === 'suspend' || message.type === 'resync' ? 'signals' : 'deliveries'
        server.hearing[heard].push(options.tick())
      })
      return {
        publish(message) {
          server.published++
          return member.publish(message)
        },
        leave: () => member.leave(),
      }
    },
  }
  ;(server as { cache: Cache }).cache = createCache({
    namespace: options.namespace,
    ttl: '1h',
    grace: 0,
    onLayerError: 'throw',
    layers: [createMemoryStore(), store],
    bus: counted,
  })
  await bus.ready()
  return server
}
