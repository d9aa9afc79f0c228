import { type Cache, createCache, createMemoryStore, errors, LayercacheError } from '@layercache/core'
import { type RedisServerHandle, startRedisServer, startTcpProxy } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { createRedisBus, createRedisStore } from '../src/index.js'
import { eventually } from './support/cache-server.js'

// Redis down is a normal day: no call waits for a Redis it knows is gone, and no call waits more
// than one store timeout for a Redis that does not answer. Nothing here measures time: timeouts are
// set far beyond the test's own limit, so a call that waited for one would fail the test by itself.

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const codesOf = (cache: Cache) => {
  const codes: string[] = []
  cache.on('error', (event) => {
    if (LayercacheError.isInstance(event.error)) codes.push(event.error.code)
  })
  return codes
}

async function privateRedis(): Promise<RedisServerHandle> {
  const server = await startRedisServer()
  cleanups.push(() => server.stop())
  return server
}

describe('with Redis stopped and a default ioredis client (offline queue on)', () => {
  it('getOrSet, get, set and delete fail over at once instead of waiting in the offline queue', async () => {
    const server = await privateRedis()
    const client = new Redis(server.url)
    client.on('error', () => {})
    cleanups.push(() => client.disconnect())
    await new Promise((resolve) => client.once('ready', resolve))
    const cache = createCache({
      namespace: 'down',
      layers: [createMemoryStore(), createRedisStore({ client, timeout: '10m', circuitBreaker: false })],
    })
    const codes = codesOf(cache)
    await cache.set('warm', 'kept in memory')
    await server.stop()
    expect(await eventually(() => client.status === 'reconnecting')).toBe(true)

    expect(await cache.getOrSet('cold', () => 'from the loader')).toBe('from the loader')
    expect(await cache.get('warm')).toBe('kept in memory')
    expect(await cache.get('missing')).toBeUndefined()
    await cache.set('written', 1)
    await cache.delete('warm')
    // The set could not reach Redis, so no copy stays in memory: nobody else could see it.
    expect(await cache.get('written')).toBeUndefined()
    expect(codes.length).toBeGreaterThan(0)
    expect(codes).not.toContain(errors.STORE_TIMEOUT)
    expect(codes.every((code) => code === errors.STORE_FAILURE)).toBe(true)
  })
})

describe('with Redis black-holed (the client still thinks it is connected)', () => {
  it('a getOrSet waits for one store timeout at most: the loader value comes back without waiting for its write', async () => {
    const server = await privateRedis()
    const proxy = await startTcpProxy(server.url)
    cleanups.push(() => proxy.close())
    const client = new Redis(proxy.url, { maxRetriesPerRequest: 0 })
    client.on('error', () => {})
    cleanups.push(() => client.disconnect())
    await new Promise((resolve) => client.once('ready', resolve))
    const cache = createCache({
      namespace: 'hole',
      layers: [createMemoryStore(), createRedisStore({ client, timeout: '3s', circuitBreaker: false })],
    })
    const timeouts: number[] = []
    cache.on('error', (event) => {
      if (LayercacheError.hasCode(event.error, errors.STORE_TIMEOUT)) timeouts.push(timeouts.length)
    })
    proxy.setMode('blackhole')
    const value = await cache.getOrSet('cold', () => 'from the loader')
    const resolvedAfter = timeouts.length
    expect(value).toBe('from the loader')
    // The read timed out once; the caller did not also wait for a write to time out.
    expect(resolvedAfter).toBe(1)
  })
})

describe('a cache with a bus', () => {
  it('does not read its memory layer before the bus is listening: an invalidation sent meanwhile is not missed', async () => {
    const server = await privateRedis()
    const writerClient = new Redis(server.url)
    const proxy = await startTcpProxy(server.url)
    cleanups.push(() => proxy.close())
    const readerClient = new Redis(server.url)
    const readerBusClient = new Redis(proxy.url)
    readerBusClient.on('error', () => {})
    cleanups.push(() => {
      writerClient.disconnect()
      readerClient.disconnect()
      readerBusClient.disconnect()
    })
    const busPrefix = 'trust:bus:'
    const writerBus = createRedisBus({ client: writerClient, prefix: busPrefix, heartbeatInterval: '100ms' })
    const writer = createCache({
      namespace: 'trust',
      layers: [createMemoryStore(), createRedisStore({ client: writerClient })],
      bus: writerBus,
    })
    cleanups.push(async () => {
      await writer.close()
      await writerBus.close()
    })
    await writerBus.ready()
    await writer.set('price', 100)
    // The reader's bus cannot subscribe yet: its path to Redis swallows everything.
    proxy.setMode('blackhole')
    const readerBus = createRedisBus({
      client: readerBusClient,
      prefix: busPrefix,
      heartbeatInterval: '100ms',
      connectTimeout: '500ms',
    })
    const reader = createCache({
      namespace: 'trust',
      layers: [createMemoryStore(), createRedisStore({ client: readerClient })],
      bus: readerBus,
    })
    cleanups.push(async () => {
      await reader.close()
      await readerBus.close()
    })
    expect(await reader.get('price')).toBe(100)
    expect(await reader.get('price')).toBe(100)
    await writer.set('price', 90)
    for (let read = 0; read < 5; read++) expect(await reader.get('price')).toBe(90)
    proxy.setMode('pass')
    await readerBus.ready().catch(() => undefined)
    expect(await eventually(async () => (await reader.get('price')) === 90)).toBe(true)
  })

  it('stops trusting memory when its subscriber goes silent, and never serves what changed meanwhile', async () => {
    const server = await privateRedis()
    const proxy = await startTcpProxy(server.url)
    cleanups.push(() => proxy.close())
    const writerClient = new Redis(server.url)
    const readerClient = new Redis(server.url)
    const readerBusClient = new Redis(proxy.url)
    readerBusClient.on('error', () => {})
    cleanups.push(() => {
      writerClient.disconnect()
      readerClient.disconnect()
      readerBusClient.disconnect()
    })
    const options = { prefix: 'silent:bus:', heartbeatInterval: '100ms', connectTimeout: '1s' }
    const writerBus = createRedisBus({ client: writerClient, ...options })
    const readerBus = createRedisBus({ client: readerBusClient, ...options })
    const writer = createCache({
      namespace: 'silent',
      layers: [createMemoryStore(), createRedisStore({ client: writerClient })],
      bus: writerBus,
    })
    const reader = createCache({
      namespace: 'silent',
      layers: [createMemoryStore(), createRedisStore({ client: readerClient })],
      bus: readerBus,
    })
    cleanups.push(async () => {
      await writer.close()
      await reader.close()
      await writerBus.close()
      await readerBus.close()
    })
    await Promise.all([writerBus.ready(), readerBus.ready()])
    await writer.set('price', 100)
    // Until memory holds it, reads go to Redis (or overlap the write's message).
    expect(
      await eventually(async () => {
        await reader.get('price')
        return reader.stats().layers[0]!.hits > 0
      }),
    ).toBe(true)
    // An idle NAT drop: the subscriber's connection stays open but nothing comes through it.
    proxy.setMode('blackhole')
    await writer.set('price', 90)
    // Within the heartbeat timeout the reader stops trusting memory and reads Redis.
    expect(await eventually(async () => (await reader.get('price')) === 90)).toBe(true)
    for (let read = 0; read < 5; read++) expect(await reader.get('price')).toBe(90)
    proxy.setMode('pass')
    await writer.set('price', 80)
    expect(await eventually(async () => (await reader.get('price')) === 80)).toBe(true)
  })
})
