// The README's Redis snippets, run as written (only the Redis URL and a key prefix are the test's), so
// the documentation cannot drift from the code.
import { createRedisStore } from '@layercache/redis'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { createLock, createPubSubNotifier } from '../src/index.js'

const prefix = uniquePrefix('lock-readme')
const redisUrl = await getRedisUrl()
const redis = new Redis(redisUrl)
afterAll(async () => {
  await deleteKeysWithPrefix(redisUrl, prefix)
  redis.disconnect()
})

describe('README', () => {
  it('"On Redis": withLock with a fence the report checks', async () => {
    // --- README: On Redis ---
    const lock = createLock({ store: createRedisStore({ client: redis, prefix, timeout: '30s' }) })

    /** The protected resource keeps the largest fence it accepted and refuses anything older. */
    const saveReport = async (fence: number, body: string) =>
      (await redis.eval(
        `if tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') > tonumber(ARGV[1]) then return 0 end
         redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'body', ARGV[2])
         return 1`,
        1,
        `${prefix}report:daily`,
        fence,
        body,
      )) === 1

    const saved = await lock.withLock(
      'report:daily',
      async (_signal, { fence }) => saveReport(fence, 'totals for today'),
      { ttl: 30, wait: '5s' },
    )
    const late = await saveReport(1, 'written by a holder whose lock expired long ago')
    // --- end ---
    expect(saved).toBe(true)
    expect(late).toBe(false)
    expect(await redis.hget(`${prefix}report:daily`, 'body')).toBe('totals for today')
  })

  it('"Waking waiters in other processes": the ioredis recipe', async () => {
    const subscriber = redis.duplicate({ lazyConnect: true })
    // --- README: ioredis recipe ---
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
    const lock = createLock({ store: createRedisStore({ client: redis, prefix, timeout: '30s' }), notifier })
    // --- end ---
    const holder = await lock.acquire('r', { ttl: 10 })
    const waiting = lock.acquire('r', { ttl: 10, wait: '5s' })
    await holder!.release()
    await (await waiting).release()
    const ended = new Promise((resolve) => subscriber.once('end', resolve))
    await notifier.close()
    await ended // close() quit the subscriber connection
  })
})
