// createPubSubNotifier over an in-memory pub/sub, so its own logic is tested without Redis; the same
// notifier over every Redis client is in pub-sub-notifier-redis.test.ts.
import { createMemoryStore } from '@layercache/core'
import { settlesWithin } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { createLock, createPubSubNotifier, type PubSubHandlers, type PubSubTransport } from '../src/index.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
// Retries an hour apart: a waiter that gets the lock within the deadline below was woken by the release.
const slowRetries = { retryDelay: '1h', maxRetryDelay: '1h' } as const
const WAKE_DEADLINE = 15_000

/** One in-memory "Redis": transports made from it reach each other's subscribers. */
function fakePubSub() {
  const subscribers = new Set<{ channel: string; handlers: PubSubHandlers }>()
  const published: { channel: string; message: string }[] = []
  let subscribeCalls = 0
  let failNextSubscribe = false
  const transport = (): PubSubTransport => ({
    publish(channel, message) {
      published.push({ channel, message })
      for (const subscriber of subscribers)
        if (subscriber.channel === channel) subscriber.handlers.onMessage(message)
    },
    async subscribe(channel, handlers) {
      subscribeCalls++
      if (failNextSubscribe) {
        failNextSubscribe = false
        throw new Error('connection refused')
      }
      const subscriber = { channel, handlers }
      subscribers.add(subscriber)
      return () => subscribers.delete(subscriber)
    },
  })
  return {
    transport,
    published,
    subscribers,
    get subscribeCalls() {
      return subscribeCalls
    },
    failNextSubscribe() {
      failNextSubscribe = true
    },
  }
}

describe('createPubSubNotifier', () => {
  it('wakes a waiter whose lock is released through another notifier (another process)', async () => {
    const pubSub = fakePubSub()
    const store = createMemoryStore()
    const holderLock = createLock({
      store,
      notifier: createPubSubNotifier({ transport: pubSub.transport() }),
    })
    const waiterLock = createLock({
      store,
      notifier: createPubSubNotifier({ transport: pubSub.transport() }),
      ...slowRetries,
    })
    const holder = await holderLock.acquire('r', { ttl: 60 })
    const waiting = waiterLock.acquire('r', { wait: '2h' })
    await sleep(20)
    await holder!.release()
    await settlesWithin(waiting, WAKE_DEADLINE, 'the waiter woken by the release')
    expect(pubSub.published).toHaveLength(1)
    expect(pubSub.published[0]!.channel).toBe('lock:released')
    expect(pubSub.published[0]!.message).toMatch(/^[0-9a-f]{32} lock:\{r\}$/)
  })

  it('subscribes only once a waiter waits, once per notifier, and wakes local waiters without the round trip', async () => {
    const pubSub = fakePubSub()
    const notifier = createPubSubNotifier({ transport: pubSub.transport(), channel: 'app:locks' })
    const lock = createLock({ store: createMemoryStore(), notifier, ...slowRetries })
    const holder = await lock.acquire('r', { ttl: 60 })
    expect(pubSub.subscribeCalls).toBe(0)
    const first = lock.acquire('r', { wait: '2h' })
    const second = lock.acquire('s', { wait: '2h' })
    await sleep(10)
    expect(pubSub.subscribeCalls).toBe(1)
    // Our own message comes back through the subscription and is ignored: the waiter was woken locally.
    const received: string[] = []
    notifier.subscribe('lock:{r}', () => received.push('r'))
    await holder!.release()
    await first
    expect(received).toEqual(['r'])
    expect(pubSub.published.map((message) => message.channel)).toEqual(['app:locks'])
    await (await second).release()
  })

  it('ignores messages it cannot read and keys nobody waits for', async () => {
    const pubSub = fakePubSub()
    const notifier = createPubSubNotifier({ transport: pubSub.transport() })
    const woken: string[] = []
    notifier.subscribe('lock:{r}', () => woken.push('r'))
    await notifier.connect()
    const [subscriber] = pubSub.subscribers
    subscriber!.handlers.onMessage('')
    subscriber!.handlers.onMessage('short')
    subscriber!.handlers.onMessage(`${'a'.repeat(32)} lock:{other}`)
    expect(woken).toEqual([])
    subscriber!.handlers.onMessage(`${'a'.repeat(32)} lock:{r}`)
    expect(woken).toEqual(['r'])
  })

  it('after a reconnect, wakes every waiter of this process (a release may have been missed)', async () => {
    const pubSub = fakePubSub()
    const notifier = createPubSubNotifier({ transport: pubSub.transport() })
    const woken: string[] = []
    const stopA = notifier.subscribe('lock:{a}', () => woken.push('a'))
    notifier.subscribe('lock:{b}', () => woken.push('b'))
    await notifier.connect()
    stopA()
    stopA()
    ;[...pubSub.subscribers][0]!.handlers.onResubscribe()
    expect(woken).toEqual(['b'])
  })

  it('a failed subscription costs only the early wake-up, and the next waiter subscribes again', async () => {
    const pubSub = fakePubSub()
    pubSub.failNextSubscribe()
    const notifier = createPubSubNotifier({ transport: pubSub.transport() })
    await expect(notifier.connect()).rejects.toThrow('connection refused')
    const lock = createLock({
      store: createMemoryStore(),
      notifier,
      retryDelay: '10ms',
      maxRetryDelay: '20ms',
    })
    const holder = await lock.acquire('r', { ttl: 60 })
    const waiting = lock.acquire('r', { wait: '5s' })
    await sleep(10)
    expect(pubSub.subscribeCalls).toBe(2)
    await holder!.release()
    await (await waiting).release()
  })

  it('a publish that throws or rejects does not fail the release', async () => {
    for (const publish of [
      () => {
        throw new Error('down')
      },
      () => Promise.reject(new Error('down')),
    ]) {
      const notifier = createPubSubNotifier({ transport: { publish, subscribe: () => () => {} } })
      const lock = createLock({ store: createMemoryStore(), notifier })
      const holder = await lock.acquire('r', { ttl: 60 })
      expect(await holder!.release()).toEqual({ released: true })
    }
  })

  it('close() unsubscribes, also when a subscription was still being made', async () => {
    const pubSub = fakePubSub()
    const notifier = createPubSubNotifier({ transport: pubSub.transport() })
    notifier.subscribe('lock:{r}', () => {})
    await notifier.close()
    expect(pubSub.subscribers.size).toBe(0)
    await notifier.close()
    await expect(notifier.connect()).rejects.toThrow('closed')
    // Still wakes this process's waiters.
    const woken: string[] = []
    notifier.subscribe('lock:{r}', () => woken.push('r'))
    await notifier.notify('lock:{r}')
    expect(woken).toEqual(['r'])
    expect(pubSub.subscribeCalls).toBe(1)
  })

  it('rejects a transport without publish and subscribe, and an empty channel', () => {
    expect(() => createPubSubNotifier({ transport: {} as PubSubTransport })).toThrow(
      /publish\(channel, message\)/,
    )
    expect(() => createPubSubNotifier({ transport: undefined as unknown as PubSubTransport })).toThrow(
      /transport/,
    )
    expect(() => createPubSubNotifier({ transport: fakePubSub().transport(), channel: '' })).toThrow(
      /channel/,
    )
  })
})
