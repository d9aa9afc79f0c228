import { redisStore } from '@layercache/redis'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type FailMode,
  fixedWindow,
  Ratelimit,
  RatelimitError,
  type RatelimitResponse,
  ratelimitErrors,
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

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** The store's round-trip timeout in these tests; the Ratelimit's own stays at its default (1 s). */
const STORE_TIMEOUT = 150
/** What a decision may take beyond the timeout on a busy 2-core machine. */
const SLACK = 250
const BREAKER = { failureThreshold: 3, cooldown: '300ms' } as const

async function timed(decide: () => Promise<RatelimitResponse>) {
  const started = performance.now()
  const response = await decide()
  return { response, took: performance.now() - started }
}

describe.each(['ioredis', 'node-redis', 'upstash'] as const satisfies readonly ProxiedKind[])(
  'Redis cut off under %s',
  (kind) => {
    it.each(['blackhole', 'refuse'] as const)(
      '%s: failMode decides within the timeout, the open circuit answers at once, Redis takes over again',
      async (mode) => {
        const { client, proxy, close } = await proxiedClient(kind)
        const storePrefix = uniquePrefix(`ratelimit-faults-${kind}`)
        const store = redisStore(client, {
          prefix: storePrefix,
          timeout: `${STORE_TIMEOUT}ms`,
          circuitBreaker: BREAKER,
        })
        const failures: StoreFailure[] = []
        const make = (failMode: FailMode) =>
          new Ratelimit({
            store,
            prefix: failMode,
            limiter: fixedWindow(3, '1h'),
            failMode,
            ephemeralCache: false,
            onStoreFailure: (failure) => failures.push(failure),
          })
        const limiters = { open: make('open'), closed: make('closed'), local: make('local') }
        try {
          for (const ratelimit of Object.values(limiters))
            expect(await ratelimit.limit('user')).toMatchObject({ success: true, reason: 'allowed' })

          proxy.setMode(mode)
          // Three decisions at once while the circuit is still closed: each waits at most the
          // store's timeout, then its failMode answers.
          const first = await Promise.all(
            Object.values(limiters).map((ratelimit) => timed(() => ratelimit.limit('user'))),
          )
          for (const { response, took } of first) {
            expect(['timeout', 'error']).toContain(response.reason)
            expect(took, 'an answer with the circuit closed').toBeLessThan(STORE_TIMEOUT + SLACK)
          }
          const [open, closed, local] = first.map(({ response }) => response)
          expect(open).toMatchObject({ success: true, remaining: 3 })
          expect(closed).toMatchObject({ success: false, remaining: 0 })
          expect(local).toMatchObject({ success: true, remaining: 2 })

          // Three failures in a row opened the circuit: no more waiting, failMode answers at once.
          expect(store.circuitState).toBe('open')
          const fast = await Promise.all([
            timed(() => limiters.open.limit('user')),
            timed(() => limiters.closed.limit('user')),
            timed(() => limiters.local.limit('user')),
            timed(() => limiters.local.limit('user')),
            timed(() => limiters.local.limit('user')),
          ])
          for (const { response, took } of fast) {
            expect(response.reason).toBe('error')
            // Well under the store's timeout: nothing waited for Redis.
            expect(took, 'an answer with the circuit open').toBeLessThan(STORE_TIMEOUT / 2)
          }
          expect(fast.map(({ response }) => response.success)).toEqual([true, false, true, true, false])
          expect(failures).toHaveLength(first.length + fast.length)
          // The local limit still answers with this process's view of the limit.
          expect(fast[4]!.response.retryAfter).toBeGreaterThan(0)

          proxy.setMode('pass')
          await sleep(350)
          let recovered: RatelimitResponse | undefined
          for (let attempt = 0; attempt < 40 && recovered?.reason !== 'allowed'; attempt++) {
            recovered = await limiters.open.limit('probe')
            if (recovered.reason !== 'allowed') await sleep(100)
          }
          expect(recovered?.reason).toBe('allowed')
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
    )
  },
)

describe('a Ratelimit timeout shorter than the store timeout', () => {
  it("answers 'timeout' at its own timeout, and pending settles when the store gives up", async () => {
    const { client, proxy, close } = await proxiedClient('ioredis')
    const storePrefix = uniquePrefix('ratelimit-faults-short')
    const store = redisStore(client, { prefix: storePrefix, timeout: '600ms' })
    const failures: StoreFailure[] = []
    const ratelimit = new Ratelimit({
      store,
      limiter: fixedWindow(3, '1h'),
      timeout: '100ms',
      failMode: 'closed',
      onStoreFailure: (failure) => failures.push(failure),
    })
    try {
      expect((await ratelimit.limit('user')).reason).toBe('allowed')
      proxy.setMode('blackhole')
      const { response, took } = await timed(() => ratelimit.limit('user'))
      expect(response).toMatchObject({ success: false, reason: 'timeout' })
      expect(took).toBeLessThan(100 + SLACK)
      expect(RatelimitError.isInstance(failures[0]!.error)).toBe(true)
      expect((failures[0]!.error as RatelimitError).code).toBe(ratelimitErrors.TIMEOUT)
      const settled = performance.now()
      await response.pending
      // The store's own timeout ended the call behind the answer, and pending never rejects.
      expect(performance.now() - settled).toBeGreaterThan(300)
      expect(performance.now() - settled).toBeLessThan(600 + SLACK)
      // The other methods throw instead, with the same bound.
      const thrown = await ratelimit.getRemaining('user').catch((error: unknown) => error)
      expect((thrown as RatelimitError).code).toBe(ratelimitErrors.TIMEOUT)
      expect(unhandled).toEqual([])
    } finally {
      await close()
      await deleteKeysWithPrefix(await getRedisUrl(), storePrefix)
    }
  })
})

describe('a store timeout shorter than the Ratelimit timeout', () => {
  it("still answers 'timeout': a hung Redis is told apart from a failing one", async () => {
    const { client, proxy, close } = await proxiedClient('ioredis')
    const storePrefix = uniquePrefix('ratelimit-faults-store-timeout')
    const store = redisStore(client, { prefix: storePrefix, timeout: '100ms', circuitBreaker: false })
    const ratelimit = new Ratelimit({ store, limiter: fixedWindow(3, '1h'), timeout: '1s', failMode: 'open' })
    try {
      expect((await ratelimit.limit('user')).reason).toBe('allowed')
      proxy.setMode('blackhole')
      const { response, took } = await timed(() => ratelimit.limit('user'))
      expect(response).toMatchObject({ success: true, reason: 'timeout' })
      expect(took).toBeLessThan(100 + SLACK)
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
