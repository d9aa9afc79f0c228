// One "server" of the multi-process convergence test: for each scenario ("open"), a cache [memory,
// Redis] with a bus, whose Redis connection goes through the test's proxy. On "load" it runs a steady
// random load until "stop"; on "read" it reports what it serves for every key; "shut" closes the
// scenario's cache, "close" the process.
import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import { Redis } from 'ioredis'
import { createRedisBus, createRedisStore, type RedisBus } from '../../src/index.js'

/** Messages the test sends a worker. */
export type ToWorker =
  | { type: 'open'; prefix: string }
  /** Runs the load over the first `keys` keys (a load already running narrows or widens to them). */
  | { type: 'load'; keys: number }
  | { type: 'stop' }
  | { type: 'read' }
  | { type: 'shut' }
  | { type: 'close' }
/** Messages a worker sends the test. */
export type FromWorker =
  | { type: 'started' }
  | { type: 'ready' }
  | { type: 'stopped'; operations: number; failures: number }
  /** What it serves for every key; `failed` when some read reached no Redis (the poll proves nothing). */
  | { type: 'values'; values: (string | null)[]; failed: boolean }
  | { type: 'shut' }
  | { type: 'unhandled'; error: string }

export const KEY_COUNT = 100
/** Keys per tag: a load over the first keys invalidates no tag of the others. */
const KEYS_PER_TAG = 10
export const NAMESPACE = 'converge'
const CONCURRENCY = 4

const [url, name] = process.argv.slice(2) as [string, string]
const send = (message: FromWorker) => process.send?.(message)
// Never outlive the test: its IPC channel closes when it ends, however it ends.
process.on('disconnect', () => process.exit(0))
for (const event of ['unhandledRejection', 'uncaughtException'] as const)
  process.on(event, (error) => send({ type: 'unhandled', error: `${event}: ${String(error)}` }))

/** One scenario's cache, on its own client and bus. */
interface Session {
  client: Redis
  bus: RedisBus
  cache: Cache
}

function open(prefix: string): Session {
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 })
  client.on('error', () => {})
  const bus = createRedisBus({
    client: client,
    prefix: `${prefix}bus:`,
    heartbeatInterval: '100ms',
    timeout: '500ms',
    connectTimeout: '2s',
    circuitBreaker: { cooldown: '1s' },
  })
  const store = createRedisStore({
    client: client,
    prefix,
    timeout: '500ms',
    circuitBreaker: { cooldown: '1s' },
  })
  const cache = createCache({
    namespace: NAMESPACE,
    ttl: '1h',
    grace: 0,
    layers: [createMemoryStore(), store],
    bus,
  })
  return { client, bus, cache }
}

let session: Session | undefined
const random = (below: number) => Math.floor(Math.random() * below)
const keyOf = (index: number) => `key${index}`
const tagOf = (index: number) => `tag${Math.floor(index / KEYS_PER_TAG)}`
let written = 0
let loading = false
let keysInPlay = KEY_COUNT
let operations = 0
let failures = 0

/** One random operation; the cache's own failures (Redis unreachable) are counted, not thrown. */
async function operate(cache: Cache): Promise<void> {
  const index = random(keysInPlay)
  const key = keyOf(index)
  const choice = random(10)
  if (choice < 3) await cache.get(key)
  else if (choice < 5) await cache.set(key, `${name}-${written++}`, { tags: [tagOf(index)] })
  else if (choice < 6) await cache.delete(key)
  else if (choice < 9) await cache.getOrSet(key, () => `${name}-${written++}`, { tags: [tagOf(index)] })
  else await cache.invalidateByTags([tagOf(index)])
}

async function loop(cache: Cache): Promise<void> {
  while (loading) {
    try {
      await operate(cache)
      operations++
    } catch {
      failures++
    }
    await new Promise((resolve) => setTimeout(resolve, 1 + random(3)))
  }
}

let loops: Promise<void>[] = []
process.on('message', async (message: ToWorker) => {
  switch (message.type) {
    case 'open':
      session = open(message.prefix)
      operations = 0
      failures = 0
      await session.bus.ready()
      send({ type: 'ready' })
      return
    case 'load':
      keysInPlay = message.keys
      if (loading) return
      loading = true
      loops = Array.from({ length: CONCURRENCY }, () => loop(session!.cache))
      return
    case 'stop':
      loading = false
      await Promise.all(loops)
      send({ type: 'stopped', operations, failures })
      return
    case 'read': {
      // A read Redis did not answer in time falls back to a miss: such a poll proves nothing.
      let failed = false
      const stopListening = session!.cache.on('error', () => {
        failed = true
      })
      const values = await Promise.all(
        Array.from(
          { length: KEY_COUNT },
          async (_, index) => (await session!.cache.get<string>(keyOf(index))) ?? null,
        ),
      )
      stopListening()
      send({ type: 'values', values, failed })
      return
    }
    case 'shut':
      await shut()
      send({ type: 'shut' })
      return
    case 'close':
      await shut()
      process.exit(0)
  }
})

async function shut(): Promise<void> {
  loading = false
  await Promise.all(loops)
  const current = session
  session = undefined
  if (current === undefined) return
  await current.cache.close()
  await current.bus.close()
  current.client.disconnect()
}

send({ type: 'started' })
