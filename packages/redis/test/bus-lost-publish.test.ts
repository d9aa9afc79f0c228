import { errors, LayercacheError } from '@layercache/core'
import { getRedisUrl, startTcpProxy, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { describe, expect, it } from 'vitest'
import { inspectRedisBus } from '../src/bus/redis-bus.js'
import { createRedisBus, type RedisBus } from '../src/index.js'
import { busRecorder, waitUntil } from './support/bus-recorder.js'

const message = { type: 'delete', keys: ['app:k'] } as const

/** The error a promise rejected with (fails the test when it resolved). */
async function rejection(settling: Promise<unknown> | unknown): Promise<unknown> {
  return Promise.resolve(settling).then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

/**
 * A publisher bus whose client goes through a proxy, and a receiving bus over a direct client that
 * has heard from it. Long heartbeat timeouts: no subscription here is suspended (and later resynced)
 * for silence, so every resync seen comes from a lost message.
 */
async function cutOffPublisher() {
  const url = await getRedisUrl()
  const proxy = await startTcpProxy(url)
  const publisherClient = new Redis(proxy.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 })
  publisherClient.on('error', () => {})
  const direct = [new Redis(url), new Redis(url)]
  const options = { prefix: uniquePrefix('bus-lost'), heartbeatInterval: '100ms', heartbeatTimeout: '10s' }
  // Generous: only the cut-off publishes reach it, never a slow one on a busy machine.
  const publisherBus = createRedisBus({
    client: publisherClient,
    ...options,
    timeout: '2s',
    circuitBreaker: false,
  })
  const knowing = createRedisBus({ client: direct[0]!, ...options })
  const buses: RedisBus[] = [publisherBus, knowing]
  const publisher = publisherBus.join('app', () => {})
  const heardByKnowing = busRecorder()
  knowing.join('app', heardByKnowing.listener)
  await Promise.all(buses.map((bus) => bus.ready()))
  // The publisher's heartbeats have reached the knowing bus: it tracks it as a sender.
  await waitUntil('the publisher to be known', () => inspectRedisBus(knowing).senders === 2)
  return {
    proxy,
    publisherBus,
    publisher,
    heardByKnowing,
    /** Another bus, over its own direct client. */
    receiver: () => {
      const bus = createRedisBus({ client: direct[1]!, ...options })
      buses.push(bus)
      return bus
    },
    async cleanup() {
      await Promise.all(buses.map((bus) => bus.close()))
      publisherClient.disconnect()
      for (const client of direct) client.disconnect()
      await proxy.close()
    },
  }
}

async function failedPublish(publishing: Promise<void> | void): Promise<void> {
  const failure = await rejection(publishing)
  expect(LayercacheError.hasCode(failure, errors.STORE_TIMEOUT), String(failure)).toBe(true)
}

describe('a publish that fails', () => {
  it('makes every other member resync, one that never heard from the publisher included', async () => {
    const setup = await cutOffPublisher()
    const { proxy, heardByKnowing } = setup
    const heardBySibling = busRecorder()
    setup.publisherBus.join('app', heardBySibling.listener)
    try {
      await heardBySibling.until('its first resync', () => heardBySibling.count('resync') === 1)
      proxy.setMode('blackhole')
      // Joins while the publisher is cut off: it has never heard from it.
      const stranger = setup.receiver()
      const heardByStranger = busRecorder()
      stranger.join('app', heardByStranger.listener)
      await stranger.ready()
      await heardByStranger.until('its first resync', () => heardByStranger.count('resync') === 1)
      await failedPublish(setup.publisher.publish(message))
      const before = [heardByKnowing.events.length, heardByStranger.events.length] as const
      // A member of the same bus shares the publisher's process: it is told at once.
      await heardBySibling.until(
        'a resync while Redis is cut off',
        () => heardBySibling.count('resync') === 2,
      )

      proxy.setMode('pass')
      await heardByKnowing.until('a resync', () => heardByKnowing.count('resync', before[0]) > 0)
      await heardByStranger.until('a resync', () => heardByStranger.count('resync', before[1]) > 0)
      expect(heardByStranger.count('suspend')).toBe(0)
    } finally {
      await setup.cleanup()
    }
  })

  it('is announced even when its member leaves right after, and the channel is released once it is', async () => {
    const setup = await cutOffPublisher()
    const { proxy, heardByKnowing } = setup
    try {
      proxy.setMode('blackhole')
      await failedPublish(setup.publisher.publish(message))
      await setup.publisher.leave()
      const before = heardByKnowing.events.length
      // No member left, but a notice owed: the channel stays (heartbeats carry the notice).
      expect(inspectRedisBus(setup.publisherBus)).toMatchObject({ channels: 1, members: 0 })

      proxy.setMode('pass')
      await heardByKnowing.until('a resync', () => heardByKnowing.count('resync', before) > 0)
      // The subscriber connection may be between reconnects (0 connections) while the channel still
      // owes its notice: wait for the channel itself to go, then for its connection to close.
      await waitUntil('the channel to be released', () => {
        const sizes = inspectRedisBus(setup.publisherBus)
        return sizes.channels === 0 && sizes.connections === 0
      })
      expect(inspectRedisBus(setup.publisherBus)).toEqual({
        channels: 0,
        members: 0,
        senders: 0,
        connections: 0,
        waiters: 0,
      })
    } finally {
      await setup.cleanup()
    }
  })
})

describe('a server of the previous version', () => {
  it('makes members resync with each message, since they cannot read it', async () => {
    const client = new Redis(await getRedisUrl())
    const prefix = uniquePrefix('bus-version')
    const bus = createRedisBus({ client, prefix })
    const heard = busRecorder()
    bus.join('app', heard.listener)
    try {
      await bus.ready()
      await heard.until('the first resync', () => heard.count('resync') === 1)
      const previousVersion = { v: 1, o: 'old-server', s: 7, m: { type: 'delete', keys: ['app:k'] } }
      await client.publish(`${prefix}app`, JSON.stringify(previousVersion))
      await heard.until('a resync', () => heard.count('resync') === 2)
      expect(heard.deletedKeys()).toEqual([])
    } finally {
      await bus.close()
      client.disconnect()
    }
  })
})

describe('publishing to a Redis known to be unreachable', () => {
  // A 60 s publish timeout: a publish that waited for it would outlast the test's own timeout.
  const patient = { timeout: '60s', heartbeatInterval: '1h', connectTimeout: '1s' }

  it('fails at once while ioredis is reconnecting (offline queue on), and at once while the circuit is open', async () => {
    const proxy = await startTcpProxy(await getRedisUrl())
    const client = new Redis(proxy.url, {
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      retryStrategy: () => 100,
    })
    client.on('error', () => {})
    await client.ping()
    const breaker = { failureThreshold: 1, cooldown: '1h' }
    const bus = createRedisBus({
      client: client,
      ...patient,
      prefix: uniquePrefix('bus-breaker'),
      circuitBreaker: breaker,
    })
    const member = bus.join('app', () => {})
    try {
      proxy.setMode('refuse')
      await waitUntil('ioredis to reconnect', () => client.status === 'reconnecting')
      const disconnected = await rejection(member.publish(message))
      expect(LayercacheError.hasCode(disconnected, errors.STORE_FAILURE), String(disconnected)).toBe(true)

      // ioredis now connects into a black hole and waits for its ready check: not known to be
      // disconnected, so only the open circuit keeps the publish from waiting for its timeout.
      proxy.setMode('blackhole')
      await waitUntil('ioredis to connect again', () => client.status === 'connect')
      const open = await rejection(member.publish(message))
      expect(LayercacheError.hasCode(open, errors.STORE_FAILURE), String(open)).toBe(true)
      expect(String(open)).toMatch(/circuit is open/)
    } finally {
      await bus.close()
      client.disconnect()
      await proxy.close()
    }
  })

  it('fails at once while node-redis is reconnecting (into a black hole)', async () => {
    const proxy = await startTcpProxy(await getRedisUrl())
    const client = createClient({ url: proxy.url })
    client.on('error', () => {})
    await client.connect()
    const bus = createRedisBus({
      client: client,
      ...patient,
      prefix: uniquePrefix('bus-node-redis-down'),
      circuitBreaker: false,
    })
    const member = bus.join('app', () => {})
    try {
      // Refused, node-redis fails what it had sent; reconnected into a black hole, it waits for its
      // handshake and queues every command meanwhile.
      proxy.setMode('refuse')
      await waitUntil('node-redis to lose its connection', () => !client.isReady)
      proxy.setMode('blackhole')
      await new Promise((resolve) => client.once('connect', resolve))
      expect(client.isOpen && !client.isReady).toBe(true)
      const disconnected = await rejection(member.publish(message))
      expect(LayercacheError.hasCode(disconnected, errors.STORE_FAILURE), String(disconnected)).toBe(true)
    } finally {
      await bus.close()
      client.destroy()
      await proxy.close()
    }
  })
})
