import { createCache, createMemoryStore } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, startTcpProxy, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { createRedisBus, createRedisStore } from '../src/index.js'
import { becomes } from './support/redis-cache.js'

const prefix = uniquePrefix('bus-gap')
afterAll(async () => deleteKeysWithPrefix(await getRedisUrl(), prefix))

describe('a server cut off from the bus', () => {
  it('never serves a value changed during the gap, and is consistent again after it', async () => {
    const url = await getRedisUrl()
    const proxy = await startTcpProxy(url)
    const direct = new Redis(url)
    const throughProxy = new Redis(proxy.url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
    })
    throughProxy.on('error', () => {})
    const busA = createRedisBus({ client: direct, prefix: `${prefix}bus:` })
    const busB = createRedisBus({ client: throughProxy, prefix: `${prefix}bus:` })
    const options = { namespace: 'gap', grace: 0 }
    const a = createCache({
      ...options,
      layers: [createMemoryStore(), createRedisStore({ client: direct, prefix, timeout: '30s' })],
      bus: busA,
    })
    const b = createCache({
      ...options,
      layers: [
        createMemoryStore(),
        createRedisStore({ client: throughProxy, prefix, timeout: '5s', circuitBreaker: false }),
      ],
      bus: busB,
    })
    await Promise.all([busA.ready(), busB.ready()])
    try {
      await a.set('price', 100)
      expect(await b.get('price')).toBe(100)
      expect(await b.get('price')).toBe(100)

      proxy.setMode('refuse')
      await new Promise((resolve) => setTimeout(resolve, 100))
      await a.set('price', 90)
      for (let read = 0; read < 5; read++) expect(await b.get('price')).not.toBe(100)

      proxy.setMode('pass')
      expect(await becomes(() => b.get('price'), 90)).toBe(true)
      await a.set('price', 80)
      expect(await becomes(() => b.get('price'), 80)).toBe(true)
    } finally {
      await a.close()
      await b.close()
      await busA.close()
      await busB.close()
      direct.disconnect()
      throughProxy.disconnect()
      await proxy.close()
    }
  })
})
