import { createMemoryStore } from '@layercache/core'
import { settlesWithin } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { createInProcessNotifier, createLock, type LockNotifier } from '../src/index.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
// Retries an hour apart: a waiter that gets the lock within the deadline below was woken by the release.
const slowRetries = { retryDelay: '1h', maxRetryDelay: '1h' } as const
const WAKE_DEADLINE = 15_000

describe('release notifications', () => {
  it('wake waiters of another Lock on the same store (the default notifier is shared per store)', async () => {
    const store = createMemoryStore()
    const holder = await createLock({ store }).acquire('r', { ttl: 60 })
    const waiting = createLock({ store, ...slowRetries }).acquire('r', { wait: '2h' })
    await sleep(20)
    await holder!.release()
    await settlesWithin(waiting, WAKE_DEADLINE, 'the waiter woken by the release')
  })

  it('a notification during an attempt is not lost: the next pause ends at once', async () => {
    const notifier = createInProcessNotifier()
    const store = createMemoryStore()
    const lock = createLock({ store, notifier, ...slowRetries })
    const holder = await lock.acquire('r', { ttl: 60 })
    // Release while the waiter's first attempt is in flight (before its first pause).
    const waiting = lock.acquire('r', { wait: '2h' })
    await holder!.release()
    await settlesWithin(waiting, WAKE_DEADLINE, 'the waiter woken by the release')
  })

  it('a custom notifier is told of each release and subscribed only while waiting', async () => {
    const events: string[] = []
    const inner = createInProcessNotifier()
    const notifier: LockNotifier = {
      notify: (key) => {
        events.push(`notify ${key}`)
        return inner.notify(key)
      },
      subscribe: (key, listener) => {
        events.push(`subscribe ${key}`)
        const unsubscribe = inner.subscribe(key, listener)
        return () => {
          events.push(`unsubscribe ${key}`)
          unsubscribe()
        }
      },
    }
    const lock = createLock({ store: createMemoryStore(), notifier, prefix: 'app', ...slowRetries })
    const holder = await lock.acquire('r', { ttl: 60 })
    const waiting = lock.acquire('r', { wait: '2h' })
    await sleep(10)
    await holder!.release()
    const waiter = await waiting
    await waiter.release()
    expect(events).toEqual(['subscribe app:{r}', 'notify app:{r}', 'unsubscribe app:{r}', 'notify app:{r}'])
  })

  it('a notifier that throws or rejects costs only the early wake-up', async () => {
    const notifier: LockNotifier = {
      notify: () => Promise.reject(new Error('publish failed')),
      subscribe: () => {
        throw new Error('subscribe failed')
      },
    }
    const lock = createLock({
      store: createMemoryStore(),
      notifier,
      retryDelay: '10ms',
      maxRetryDelay: '20ms',
    })
    const holder = await lock.acquire('r', { ttl: 60 })
    const waiting = lock.acquire('r', { wait: '5s' })
    await sleep(10)
    expect(await holder!.release()).toEqual({ released: true })
    expect((await waiting).resource).toBe('r')
  })

  it('notifications are hints: a stray one never hands out a busy lock', async () => {
    const notifier = createInProcessNotifier()
    const lock = createLock({
      store: createMemoryStore(),
      notifier,
      retryDelay: '10ms',
      maxRetryDelay: '10ms',
    })
    await lock.acquire('r', { ttl: 60 })
    const waiting = lock.acquire('r', { wait: '150ms' })
    for (let i = 0; i < 5; i++) {
      notifier.notify('lock:{r}')
      await sleep(5)
    }
    await expect(waiting).rejects.toMatchObject({ code: 'E_LOCK_NOT_ACQUIRED' })
  })
})
