// Release wake-ups between two clients (as two processes would have) over Redis pub/sub, on every
// client kind; and the same setup without the notifier, to show that the test can tell the difference.
import { createRedisStore, detectDriver } from '@layercache/redis'
import {
  type CreatedClient,
  deleteKeysWithPrefix,
  getRedisUrl,
  redisClientFactories,
  settlesWithin,
  uniquePrefix,
} from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createLock,
  createPubSubNotifier,
  DEFAULT_NOTIFIER_CHANNEL,
  type Lock,
  type LockHandle,
  type PubSubNotifier,
} from '../src/index.js'
import { FaultStore } from './support/fault-store.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'

// Retries an hour apart: a waiter that gets the lock within DEADLINE was woken by the release.
const slowRetries = { retryDelay: '1h', maxRetryDelay: '1h' } as const
const DEADLINE = 15_000

const closers: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** The README's recipe for any client. */
function notifierFor(client: Parameters<typeof detectDriver>[0], channel: string): PubSubNotifier {
  const driver = detectDriver(client)
  const notifier = createPubSubNotifier({
    transport: {
      publish: (channel, message) => driver.call(['PUBLISH', channel, message]),
      subscribe: (channel, handlers) => driver.subscribe(channel, handlers),
    },
    channel,
  })
  closers.push(() => notifier.close())
  return notifier
}

/**
 * Holds the lock through `holderLock`, lets `waiterLock` (over `waiterStore`) wait for it, and releases
 * it once the waiter's first attempt has found it busy. Resolves with what the waiter got, and how
 * long it waited from its first call.
 */
async function handOver(
  holderLock: Lock,
  waiterStore: FaultStore,
  waiterLock: Lock,
  wait: string,
): Promise<{ waited: number; handle?: LockHandle; error?: unknown }> {
  const holder = await holderLock.acquire('report', { ttl: 60 })
  let firstAttemptDone = () => {}
  const firstAttempt = new Promise<void>((resolve) => {
    firstAttemptDone = resolve
  })
  waiterStore.afterRun = (script) => script === 'lock-acquire' && firstAttemptDone()
  const started = performance.now()
  const waiting: Promise<{ handle?: LockHandle; error?: unknown }> = waiterLock
    .acquire('report', { ttl: 60, wait })
    .then(
      (handle) => ({ handle }),
      (error: unknown) => ({ error }),
    )
  await firstAttempt
  await holder!.release()
  const outcome = await settlesWithin(waiting, DEADLINE, 'the waiter taking the released lock')
  const waited = performance.now() - started
  await outcome.handle?.release()
  return { waited, ...outcome }
}

const redisUrl = await getRedisUrl()

for (const factory of await redisClientFactories()) {
  describe(`release notifications over ${factory.name} pub/sub`, () => {
    const twoClients = async () => {
      const created: CreatedClient<unknown>[] = [await factory.create(), await factory.create()]
      for (const { close } of created) closers.push(close)
      const prefix = uniquePrefix(`lock-notify-${factory.name}`)
      const stores = created.map(({ client }) =>
        createRedisStore({ client as never, prefix, timeout: '30s' }),
      )
      closers.push(() => deleteKeysWithPrefixOn(factory.name, prefix))
      return { clients: created.map(({ client }) => client as never), stores }
    }

    it('a waiter on another client wakes as soon as the lock is released', async () => {
      const { clients, stores } = await twoClients()
      const channel = uniquePrefix('channel')
      const waiterNotifier = notifierFor(clients[1]!, channel)
      await waiterNotifier.connect()
      const holderLock = createLock({ store: stores[0]!, notifier: notifierFor(clients[0]!, channel) })
      const waiterStore = new FaultStore(stores[1]!)
      const waiterLock = createLock({ store: waiterStore, notifier: waiterNotifier, ...slowRetries })
      // The waiter's first retry is 30-60 minutes away: only the notification explains taking it in time.
      const { handle } = await handOver(holderLock, waiterStore, waiterLock, '2h')
      expect(handle).toBeDefined()
    })

    it('without it, the waiter only retries on its own schedule (the test can fail)', async () => {
      const { stores } = await twoClients()
      const holderLock = createLock({ store: stores[0]! })
      const waiterStore = new FaultStore(stores[1]!)
      const waiterLock = createLock({ store: waiterStore, ...slowRetries })
      // Its first pause is cut short only by the end of the wait, 1 s after it started; then it takes it.
      const { waited, handle } = await handOver(holderLock, waiterStore, waiterLock, '1s')
      expect(handle).toBeDefined()
      expect(waited).toBeGreaterThanOrEqual(995)
    })
  })
}

describe('the README recipe for ioredis', () => {
  it('wakes a waiter on another connection', async () => {
    const redis = new Redis(await getRedisUrl())
    const other = new Redis(await getRedisUrl())
    closers.push(
      () => redis.quit(),
      () => other.quit(),
    )
    const prefix = uniquePrefix('lock-recipe')
    closers.push(() => deleteKeysWithPrefix(redisUrl, prefix))

    const subscriber = redis.duplicate({ lazyConnect: true })
    const notifier = createPubSubNotifier({
      transport: {
        publish: (channel, message) => redis.publish(channel, message),
        subscribe: async (channel, { onMessage }) => {
          subscriber.on('message', (from, message) => from === channel && onMessage(message))
          await subscriber.connect() // subscribing before the connection is ready races its INFO check
          await subscriber.subscribe(channel)
          return () => subscriber.quit()
        },
      },
    })
    closers.push(() => notifier.close())
    await notifier.connect()

    const holderLock = createLock({
      store: createRedisStore({ client: other, prefix, timeout: '30s' }),
      notifier: notifierFor(other, DEFAULT_NOTIFIER_CHANNEL),
    })
    const waiterStore = new FaultStore(createRedisStore({ client: redis, prefix, timeout: '30s' }))
    const waiterLock = createLock({ store: waiterStore, notifier, ...slowRetries })
    const { handle } = await handOver(holderLock, waiterStore, waiterLock, '2h')
    expect(handle).toBeDefined()
  })
})
