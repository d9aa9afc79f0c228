import { createLock, createRedlock, type LockHandle } from '@layercache/lock'
import { createRedisStore } from '@layercache/redis'
import type { Redis } from 'ioredis'
// redlock 5 ships types, but its package.json "exports" has no "types" condition, so TypeScript's
// node16 resolution cannot find them; the little used here is typed below.
// @ts-expect-error TS7016 (no declaration file found through "exports")
import RedlockModule from 'redlock'

interface RedlockV5Instance {
  acquire(resources: string[], duration: number): Promise<{ release(): Promise<unknown> }>
  on(event: 'error', listener: (error: unknown) => void): unknown
}
const RedlockV5 = RedlockModule as new (
  clients: Iterable<Redis>,
  settings?: { retryCount?: number },
) => RedlockV5Instance

/** The TTL every contender locks with: long enough that nothing expires while timed. */
export const LOCK_TTL_MILLISECONDS = 10_000

/**
 * One lock library over one or three Redis instances, seen through what the benchmark times: take a
 * free lock and release it. Each library is used through its own idiom with its defaults, except
 * that none retries, because every timed lock is free.
 */
export interface LockContender {
  readonly name: string
  /** Takes the free lock on `resource` and releases it; rejects if the lock was not taken. */
  acquireRelease(resource: string): Promise<void>
}

function taken(handle: LockHandle | null, resource: string): LockHandle {
  if (handle === null) throw new Error(`the lock on ${resource} was busy: the timed locks must be free`)
  return handle
}

/** `@layercache/lock`: `Lock` on one client, `Redlock` on several; `createRedisStore` over each client. */
export function layercacheLock(clients: readonly Redis[], keyPrefix: string): LockContender {
  const stores = clients.map((client) => createRedisStore({ client, prefix: keyPrefix }))
  const lock = stores.length === 1 ? createLock({ store: stores[0]! }) : createRedlock({ stores })
  return {
    name: `@layercache/lock ${stores.length === 1 ? 'Lock' : 'Redlock'}`,
    async acquireRelease(resource) {
      const handle = taken(await lock.acquire(resource, { ttl: LOCK_TTL_MILLISECONDS / 1000 }), resource)
      const released = await handle.release()
      if (!released.released) throw new Error(`release of ${resource} failed: ${released.reason}`)
    },
  }
}

/** The same, through `withLock` (acquire, a keeper with its extension timer, release): for context. */
export function layercacheWithLock(clients: readonly Redis[], keyPrefix: string): LockContender {
  const stores = clients.map((client) => createRedisStore({ client, prefix: keyPrefix }))
  const lock = stores.length === 1 ? createLock({ store: stores[0]! }) : createRedlock({ stores })
  return {
    name: `@layercache/lock ${stores.length === 1 ? 'Lock' : 'Redlock'} withLock`,
    acquireRelease: (resource) =>
      lock.withLock(resource, () => {}, { ttl: LOCK_TTL_MILLISECONDS / 1000 }) as Promise<void>,
  }
}

/** redlock 5 (beta, the version for ioredis 5): `acquire` then `release`, no retries. */
export function redlockV5(clients: readonly Redis[], keyPrefix: string): LockContender {
  const redlock = new RedlockV5(clients, { retryCount: 0 })
  // redlock throws on errors it cannot attribute to an attempt; the timed locks never produce one.
  redlock.on('error', () => {})
  return {
    name: `redlock 5.0.0-beta.2 (${clients.length} ${clients.length === 1 ? 'instance' : 'instances'})`,
    async acquireRelease(resource) {
      const lock = await redlock.acquire([keyPrefix + resource], LOCK_TTL_MILLISECONDS)
      await lock.release()
    },
  }
}
