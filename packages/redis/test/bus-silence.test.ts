import { errors, LayercacheError } from '@layercache/core'
import { getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { inspectRedisBus } from '../src/bus/redis-bus.js'
import { createRedisBus, type RedisBus } from '../src/index.js'
import { busRecorder } from './support/bus-recorder.js'
import { PROXIED_KINDS, proxiedClient } from './support/proxied-client.js'

const EMPTY = { channels: 0, members: 0, senders: 0, connections: 0, waiters: 0 }

for (const kind of PROXIED_KINDS) {
  describe(`a bus over ${kind} cut off without a reset`, () => {
    it('suspends its members when the subscription goes silent, and resyncs them once subscribed again', async () => {
      const proxied = await proxiedClient(kind)
      const direct = new Redis(await getRedisUrl())
      const options = {
        prefix: uniquePrefix(`bus-silent-${kind}`),
        heartbeatInterval: '100ms',
        connectTimeout: '1s',
        timeout: '300ms',
      }
      const cutOff = createRedisBus({ client: proxied.client, ...options })
      const other = createRedisBus({ client: direct, ...options })
      const heard = busRecorder()
      cutOff.join('app', heard.listener)
      const talker = other.join('app', () => {})
      try {
        await Promise.all([cutOff.ready(), other.ready()])
        await heard.until('the first resync', () => heard.count('resync') > 0)
        const cut = heard.events.length
        proxied.proxy.setMode('blackhole')
        // The other bus keeps publishing (heartbeats, a message); none of it reaches the silent subscriber.
        await talker.publish({ type: 'delete', keys: ['app:during-the-silence'] })
        await heard.until('suspend', () => heard.count('suspend', cut) > 0)
        const suspended = heard.events.findIndex((event, index) => index >= cut && event.type === 'suspend')
        proxied.proxy.setMode('pass')
        await heard.until('resync after the suspend', () => heard.count('resync', suspended) > 0)
      } finally {
        await Promise.all([cutOff.close(), other.close()])
        direct.disconnect()
        await proxied.close()
      }
    })

    it('settles ready() (typed timeout) and close() when the first subscription goes into a black hole', async () => {
      const proxied = await proxiedClient(kind)
      proxied.proxy.setMode('blackhole')
      const options = {
        prefix: uniquePrefix(`bus-blackhole-${kind}`),
        connectTimeout: '300ms',
        heartbeatInterval: '100ms',
        timeout: '200ms',
      }
      const heard = busRecorder()
      const neverJoined = createRedisBus({ client: proxied.client, ...options })
      const retrying = createRedisBus({ client: proxied.client, ...options })
      const member = retrying.join('app', heard.listener)
      const buses: RedisBus[] = [neverJoined, retrying]
      try {
        const failure = await retrying.ready().then(
          () => undefined,
          (error: unknown) => error,
        )
        expect(LayercacheError.hasCode(failure, errors.STORE_TIMEOUT), String(failure)).toBe(true)
        // One bus closes mid-attempt, one after giving an attempt up, one that never joined.
        const midAttempt = createRedisBus({ client: proxied.client, ...options })
        midAttempt.join('app', heard.listener)
        buses.push(midAttempt)
        await Promise.all(buses.map((bus) => bus.close()))
        for (const bus of buses) expect(inspectRedisBus(bus)).toEqual(EMPTY)
        expect(heard.count('resync')).toBe(0)

        const closed = (error: unknown) => LayercacheError.hasCode(error, errors.CACHE_CLOSED)
        expect(() => retrying.join('app', () => {})).toThrow(LayercacheError)
        expect(closed(await retrying.ready().catch((error: unknown) => error))).toBe(true)
        const publishing = Promise.resolve(member.publish({ type: 'delete', keys: ['app:k'] }))
        expect(closed(await publishing.catch((error: unknown) => error))).toBe(true)
      } finally {
        await Promise.all(buses.map((bus) => bus.close()))
        await proxied.close()
      }
    })
  })
}
