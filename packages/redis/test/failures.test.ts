import { createCache, createManualClock, createMemoryStore } from '@layercache/core'
import {
  deleteKeysWithPrefix,
  getRedisUrl,
  settlesWithin,
  startTcpProxy,
  type TcpProxy,
  uniquePrefix,
  waitUntil,
} from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
let proxy: TcpProxy
let url: string
const prefix = uniquePrefix('faults')

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  url = await getRedisUrl()
  proxy = await startTcpProxy(url)
})

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  await proxy.close()
  await deleteKeysWithPrefix(url, prefix)
})

/** Generous for a busy machine: only a cut-off Redis reaches it. */
const STORE_TIMEOUT = '3s'
/** Waits for events are bounded by this, never timed. */
const DEADLINE = 30_000

async function outcome<T>(operation: () => Promise<T>): Promise<{ value: T | undefined; error: unknown }> {
  try {
    return { value: await operation(), error: undefined }
  } catch (error) {
    return { value: undefined, error }
  }
}

describe.each(['blackhole', 'refuse'] as const)('Redis %s in the middle of a workload', (mode) => {
  it('never hangs past the timeout, serves L1 and the loader, reports errors, and recovers', async () => {
    const client = new Redis(proxy.url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
    })
    client.on('error', () => {})
    // A write Redis refuses is not kept in memory either, so the warm-up waits for the connection.
    await new Promise((resolve) => client.once('ready', resolve))
    const store = createRedisStore({
      client: client,
      prefix,
      timeout: STORE_TIMEOUT,
      circuitBreaker: { failureThreshold: 3, cooldown: '1 min' },
    })
    // The breaker's cooldown runs on the cache's clock: frozen here, moved on by the test.
    const clock = createManualClock(Date.now())
    const cache = createCache({ namespace: `faults-${mode}`, clock, layers: [createMemoryStore(), store] })
    const reported: string[] = []
    const messages: string[] = []
    cache.on('error', (event) => {
      reported.push(event.operation)
      messages.push(String((event.error as Error)?.message ?? event.error))
    })
    await cache.set('warm', 'from before')
    proxy.setMode(mode)

    // Nothing hangs: the store's timeout (or the refused connection) ends every call.
    const results = await settlesWithin(
      Promise.all([
        outcome(() => cache.get('warm')),
        outcome(() => cache.getOrSet('cold', async () => 'from the loader')),
        outcome(() => cache.set('written', 1)),
        outcome(() => cache.getBatch(['warm', 'missing'])),
        outcome(() => cache.delete('something')),
        outcome(() => cache.invalidateByTags(['t'])),
      ]),
      DEADLINE,
      'every operation answering with Redis cut off',
    )
    for (const result of results) expect(result.error).toBeUndefined()
    expect(results[0]!.value).toBe('from before')
    expect(results[1]!.value).toBe('from the loader')
    expect(results[3]!.value).toEqual(['from before', undefined])
    expect(reported.length).toBeGreaterThan(0)
    expect(messages.filter((message) => /circuit is open/.test(message))).toEqual([])

    for (let attempt = 0; attempt < 5; attempt++) await cache.get(`miss-${attempt}`)
    expect(store.circuitState).toBe('open')
    const before = messages.length
    expect(await cache.get('another-miss')).toBeUndefined()
    // The open circuit refused the read before anything was sent: nothing waited for Redis.
    expect(messages.slice(before)).toEqual([expect.stringMatching(/circuit is open/)])

    proxy.setMode('pass')
    await waitUntil(
      async () => {
        clock.advance(60_000) // past the cooldown: the next command is a trial
        await cache.set('after', 'back')
        return store.circuitState === 'closed'
      },
      DEADLINE,
      'the circuit closing again',
      100,
    )
    const direct = createCache({
      namespace: `faults-${mode}`,
      layers: [createRedisStore({ client, prefix, timeout: '30s' })],
    })
    expect(await direct.get('after')).toBe('back')
    expect(unhandled).toEqual([])
    await cache.close()
    client.disconnect()
  }, 180_000)
})
