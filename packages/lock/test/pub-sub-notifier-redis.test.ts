// Release wake-ups between two clients (as two processes would have) over Redis pub/sub, on every
// client kind; and the same setup without the notifier, to show that the test can tell the difference.
import { detectDriver, redisStore } from '@layercache/redis'
import {
  type CreatedClient,
  deleteKeysWithPrefix,
  getRedisUrl,
  redisClientFactories,
  uniquePrefix,
} from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_NOTIFIER_CHANNEL,
  Lock,
  type LockHandle,
  type PubSubNotifier,
  pubSubNotifier,
} from '../src/index.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
const slowRetries = { retryDelay: '10s', maxRetryDelay: '10s' } as const

const closers: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** The README's recipe for any client. */
function notifierFor(client: Parameters<typeof detectDriver>[0], channel: string): PubSubNotifier {
  const driver = detectDriver(client)
  const notifier = pubSubNotifier(
    {
      publish: (channel, message) => driver.call(['PUBLISH', channel, message]),
      subscribe: (channel, handlers) => driver.subscribe(channel, handlers),
    },
    { channel },
  )
  closers.push(() => notifier.close())
  return notifier
}

/** Holds the lock on one client, waits on the other, releases, and times the wait. */
async function handOver(holderLock: Lock, waiterLock: Lock, wait: string) {
  const holder = await holderLock.acquire('report', { ttl: 60 })
  const waiting: Promise<{ handle?: LockHandle; error?: unknown }> = waiterLock
    .acquire('report', { ttl: 60, wait })
    .then(
      (handle) => ({ handle }),
      (error: unknown) => ({ error }),
    )
  await sleep(150)
  const started = performance.now()
  await holder!.release()
  const outcome = await waiting
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
      const stores = created.map(({ client }) => redisStore(client as never, { prefix }))
      closers.push(() => deleteKeysWithPrefixOn(factory.name, prefix))
      return { clients: created.map(({ client }) => client as never), stores }
    }

    it('a waiter on another client wakes as soon as the lock is released', async () => {
      const { clients, stores } = await twoClients()
      const channel = uniquePrefix('channel')
      const waiterNotifier = notifierFor(clients[1]!, channel)
      await waiterNotifier.connect()
      const holderLock = new Lock({ store: stores[0]!, notifier: notifierFor(clients[0]!, channel) })
      const waiterLock = new Lock({ store: stores[1]!, notifier: waiterNotifier, ...slowRetries })
      const { waited, handle } = await handOver(holderLock, waiterLock, '30s')
      expect(handle).toBeDefined()
      // The waiter's first retry is 5-10 s away: only the notification explains this.
      expect(waited).toBeLessThan(400)
    })

    it('without it, the waiter only retries on its own schedule (the test can fail)', async () => {
      const { stores } = await twoClients()
      const holderLock = new Lock({ store: stores[0]! })
      const waiterLock = new Lock({ store: stores[1]!, ...slowRetries })
      // Its first pause is cut short only by the end of the wait, 1 s after it started.
      const { waited, handle } = await handOver(holderLock, waiterLock, '1s')
      expect(handle).toBeDefined()
      expect(waited).toBeGreaterThan(700)
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
    const notifier = pubSubNotifier({
      publish: (channel, message) => redis.publish(channel, message),
      subscribe: async (channel, { onMessage }) => {
        subscriber.on('message', (from, message) => from === channel && onMessage(message))
        await subscriber.connect() // subscribing before the connection is ready races its INFO check
        await subscriber.subscribe(channel)
        return () => subscriber.quit()
      },
    })
    closers.push(() => notifier.close())
    await notifier.connect()

    const holderLock = new Lock({
      store: redisStore(other, { prefix }),
      notifier: notifierFor(other, DEFAULT_NOTIFIER_CHANNEL),
    })
    const waiterLock = new Lock({ store: redisStore(redis, { prefix }), notifier, ...slowRetries })
    const { waited, handle } = await handOver(holderLock, waiterLock, '30s')
    expect(handle).toBeDefined()
    expect(waited).toBeLessThan(400)
  })
})
