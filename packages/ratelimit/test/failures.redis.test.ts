import { createManualClock } from '@layercache/core'
import { createRedisStore } from '@layercache/redis'
import {
  deleteKeysWithPrefix,
  getRedisUrl,
  settlesWithin,
  uniquePrefix,
  waitUntil,
} from '@layercache/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRateLimit,
  type FailMode,
  fixedWindow,
  RateLimitError,
  type RateLimitResponse,
  rateLimitErrors,
  type StoreFailure,
} from '../src/index.js'
import { type ProxiedKind, proxiedClient } from './support/proxied-client.js'

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled)
})
afterAll(() => {
  process.off('unhandledRejection', onUnhandled)
})

/**
 * The store's round-trip timeout in these tests: generous, so that only a cut-off Redis reaches it on a
 * busy machine. The RateLimit's own timeout is an hour, so every failure seen is the store's.
 */
const STORE_TIMEOUT = 3_000
/** A cooldown the test ends by moving the store's clock: the circuit stays open until then. */
const BREAKER = { failureThreshold: 3, cooldown: '1 min' } as const
/** Waits for events are bounded by this, never timed. */
const DEADLINE = 30_000

const messageOf = (error: unknown) => String((error as Error)?.message ?? error)

describe.each(['ioredis', 'node-redis', 'upstash'] as const satisfies readonly ProxiedKind[])(
  'Redis cut off under %s',
  (kind) => {
    it.each(['blackhole', 'refuse'] as const)(
      '%s: failMode decides within the timeout, the open circuit answers at once, Redis takes over again',
      async (mode) => {
        const { client, proxy, close } = await proxiedClient(kind)
        const storePrefix = uniquePrefix(`ratelimit-faults-${kind}`)
        const store = createRedisStore({
          client: client,
          prefix: storePrefix,
          timeout: `${STORE_TIMEOUT}ms`,
          circuitBreaker: BREAKER,
        })
        // The breaker's cooldown runs on the store's clock: frozen here, moved on by the test.
        const clock = createManualClock(Date.now())
        store.attach({ clock })
        const failures: StoreFailure[] = []
        const make = (failMode: FailMode) =>
          createRateLimit({
            store,
            prefix: failMode,
            limiter: fixedWindow(3, '1h'),
            failMode,
            timeout: '1h',
            ephemeralCache: false,
            onStoreFailure: (failure) => failures.push(failure),
          })
        const limiters = { open: make('open'), closed: make('closed'), local: make('local') }
        try {
          for (const ratelimit of Object.values(limiters))
            expect(await ratelimit.limit('user')).toMatchObject({ success: true, reason: 'allowed' })

          proxy.setMode(mode)
          // Three decisions at once while the circuit is still closed: the store gives up on each
          // (its timeout, or the refused connection), then its failMode answers.
          const first = await settlesWithin(
            Promise.all(Object.values(limiters).map((ratelimit) => ratelimit.limit('user'))),
            DEADLINE,
            'the answers with the circuit closed',
          )
          for (const response of first) expect(['timeout', 'error']).toContain(response.reason)
          for (const failure of failures) expect(messageOf(failure.error)).not.toMatch(/circuit is open/)
          const [open, closed, local] = first
          expect(open).toMatchObject({ success: true, remaining: 3 })
          expect(closed).toMatchObject({ success: false, remaining: 0 })
          expect(local).toMatchObject({ success: true, remaining: 2 })

          // Three failures in a row opened the circuit: no more waiting, failMode answers at once.
          expect(store.circuitState).toBe('open')
          const fast = await Promise.all([
            limiters.open.limit('user'),
            limiters.closed.limit('user'),
            limiters.local.limit('user'),
            limiters.local.limit('user'),
            limiters.local.limit('user'),
          ])
          for (const response of fast) expect(response.reason).toBe('error')
          // The open circuit refused each call before anything was sent: nothing waited for Redis.
          for (const failure of failures.slice(first.length))
            expect(messageOf(failure.error)).toMatch(/circuit is open/)
          expect(fast.map((response) => response.success)).toEqual([true, false, true, true, false])
          expect(failures).toHaveLength(first.length + fast.length)
          // The local limit still answers with this process's view of the limit.
          expect(fast[4]!.retryAfter).toBeGreaterThan(0)

          proxy.setMode('pass')
          let recovered: RateLimitResponse | undefined
          await waitUntil(
            async () => {
              clock.advance(60_000) // past the cooldown: the next call is a trial
              recovered = await limiters.open.limit('probe')
              return recovered.reason === 'allowed'
            },
            DEADLINE,
            'a decision by Redis again',
            100,
          )
          expect(store.circuitState).toBe('closed')
          // Redis decides again. Its count is the one from before the outage, plus at most the one
          // decision per limiter that was sent while the circuit was closed: a call answered by
          // failMode may still reach Redis later (@upstash/redis retries it by itself) and spend.
          for (const ratelimit of [limiters.closed, limiters.local]) {
            const response = await ratelimit.limit('user')
            expect(response).toMatchObject({ success: true, reason: 'allowed' })
            expect(response.remaining).toBeGreaterThanOrEqual(0)
            expect(response.remaining).toBeLessThanOrEqual(1)
          }
          expect(unhandled).toEqual([])
        } finally {
          await close()
          await deleteKeysWithPrefix(await getRedisUrl(), storePrefix)
        }
      },
      180_000,
    )
  },
)

describe('a RateLimit timeout shorter than the store timeout', () => {
  it("answers 'timeout' at its own timeout, and pending settles when the store gives up", async () => {
    const { client, proxy, close } = await proxiedClient('ioredis')
    const storePrefix = uniquePrefix('ratelimit-faults-short')
    // Both generous for a busy machine; the store's twice the RateLimit's.
    const store = createRedisStore({ client, prefix: storePrefix, timeout: '4s' })
    const failures: StoreFailure[] = []
    const ratelimit = createRateLimit({
      store,
      limiter: fixedWindow(3, '1h'),
      timeout: '2s',
      failMode: 'closed',
      onStoreFailure: (failure) => failures.push(failure),
    })
    try {
      expect((await ratelimit.limit('user')).reason).toBe('allowed')
      proxy.setMode('blackhole')
      const started = performance.now()
      const response = await settlesWithin(ratelimit.limit('user'), DEADLINE, 'the answer')
      expect(response).toMatchObject({ success: false, reason: 'timeout' })
      expect(RateLimitError.isInstance(failures[0]!.error)).toBe(true)
      expect((failures[0]!.error as RateLimitError).code).toBe(rateLimitErrors.TIMEOUT)
      // The RateLimit's own timeout answered, not the store's.
      expect(messageOf(failures[0]!.error)).toContain('within 2000 ms')
      await settlesWithin(response.pending, DEADLINE, 'the call behind the answer settling')
      // The store's own timeout ended the call behind the answer (not before it was due; a lower bound,
      // which a busy machine cannot break), and pending never rejects.
      expect(performance.now() - started).toBeGreaterThanOrEqual(3_990)
      // The other methods throw instead, with the same timeout.
      const thrown = await ratelimit.getRemaining('user').catch((error: unknown) => error)
      expect((thrown as RateLimitError).code).toBe(rateLimitErrors.TIMEOUT)
      expect(unhandled).toEqual([])
    } finally {
      await close()
      await deleteKeysWithPrefix(await getRedisUrl(), storePrefix)
    }
  })
})

describe('a store timeout shorter than the RateLimit timeout', () => {
  it("still answers 'timeout': a hung Redis is told apart from a failing one", async () => {
    const { client, proxy, close } = await proxiedClient('ioredis')
    const storePrefix = uniquePrefix('ratelimit-faults-store-timeout')
    const store = createRedisStore({
      client: client,
      prefix: storePrefix,
      timeout: '2s',
      circuitBreaker: false,
    })
    const failures: StoreFailure[] = []
    const ratelimit = createRateLimit({
      store,
      limiter: fixedWindow(3, '1h'),
      timeout: '1h',
      failMode: 'open',
      onStoreFailure: (failure) => failures.push(failure),
    })
    try {
      expect((await ratelimit.limit('user')).reason).toBe('allowed')
      proxy.setMode('blackhole')
      // Only the store's timeout can answer this in time: the RateLimit's is an hour.
      const response = await settlesWithin(ratelimit.limit('user'), DEADLINE, 'the answer')
      expect(response).toMatchObject({ success: true, reason: 'timeout' })
      expect(messageOf(failures[0]!.error)).toContain('within 2000 ms')
      proxy.setMode('refuse')
      expect((await ratelimit.limit('user')).reason).toBe('error')
      expect(unhandled).toEqual([])
    } finally {
      proxy.setMode('pass')
      await close()
      await deleteKeysWithPrefix(await getRedisUrl(), storePrefix)
    }
  })
})
