import { createCache, memoryStore } from '@layercache/core'
import {
  deleteKeysWithPrefix,
  getRedisUrl,
  startTcpProxy,
  type TcpProxy,
  uniquePrefix,
} from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisStore } from '../src/index.js'

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

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

async function timed<T>(
  operation: () => Promise<T>,
): Promise<{ value: T | undefined; error: unknown; took: number }> {
  const started = performance.now()
  try {
    const value = await operation()
    return { value, error: undefined, took: performance.now() - started }
  } catch (error) {
    return { value: undefined, error, took: performance.now() - started }
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
    const store = redisStore(client, {
      prefix,
      timeout: '150ms',
      circuitBreaker: { failureThreshold: 3, cooldown: '300ms' },
    })
    const cache = createCache({ namespace: `faults-${mode}`, layers: [memoryStore(), store] })
    const reported: string[] = []
    cache.on('error', (event) => reported.push(event.operation))
    await cache.set('warm', 'from before')
    proxy.setMode(mode)

    const results = await Promise.all([
      timed(() => cache.get('warm')),
      timed(() => cache.getOrSet('cold', async () => 'from the loader')),
      timed(() => cache.set('written', 1)),
      timed(() => cache.getBatch(['warm', 'missing'])),
      timed(() => cache.delete('something')),
      timed(() => cache.invalidateByTags(['t'])),
    ])
    for (const result of results) {
      expect(result.error).toBeUndefined()
      expect(result.took).toBeLessThan(1_000)
    }
    expect(results[0]!.value).toBe('from before')
    expect(results[1]!.value).toBe('from the loader')
    expect(results[3]!.value).toEqual(['from before', undefined])
    expect(reported.length).toBeGreaterThan(0)

    for (let attempt = 0; attempt < 5; attempt++) await cache.get(`miss-${attempt}`)
    expect(store.circuitState).toBe('open')
    const fast = await timed(() => cache.get('another-miss'))
    expect(fast.took).toBeLessThan(50)

    proxy.setMode('pass')
    await sleep(400)
    let recovered = false
    for (let attempt = 0; attempt < 40 && !recovered; attempt++) {
      await cache.set('after', 'back')
      recovered = store.circuitState === 'closed'
      if (!recovered) await sleep(100)
    }
    expect(recovered).toBe(true)
    const direct = createCache({ namespace: `faults-${mode}`, layers: [redisStore(client, { prefix })] })
    expect(await direct.get('after')).toBe('back')
    expect(unhandled).toEqual([])
    await cache.close()
    client.disconnect()
  })
})
