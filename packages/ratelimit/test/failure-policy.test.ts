import { errors, LayercacheError } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import {
  createRateLimit,
  DEFAULT_FAIL_MODE,
  DEFAULT_TIMEOUT,
  fixedWindow,
  RateLimitError,
  type RateLimitOptions,
  rateLimitErrors,
  type StoreFailure,
} from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

function setUp(extra: Partial<RateLimitOptions> = {}) {
  const store = new FaultyStore()
  const failures: StoreFailure[] = []
  const ratelimit = createRateLimit({
    store,
    limiter: fixedWindow(2, '1 h'),
    timeout: '30 ms',
    ephemeralCache: false,
    onStoreFailure: (failure) => failures.push(failure),
    ...extra,
  })
  return { store, ratelimit, failures }
}

describe('failMode', () => {
  it("defaults to 'local' with a 1 second timeout", () => {
    expect(DEFAULT_FAIL_MODE).toBe('local')
    expect(DEFAULT_TIMEOUT).toBe('1s')
  })

  it("'open' lets requests through when the store fails or stalls", async () => {
    const { store, ratelimit, failures } = setUp({ failMode: 'open' })
    store.mode = 'fail'
    expect(await ratelimit.limit('user')).toMatchObject({
      success: true,
      reason: 'error',
      limit: 2,
      remaining: 2,
    })
    store.mode = 'stall'
    const response = await ratelimit.limit('user')
    expect(response).toMatchObject({ success: true, reason: 'timeout' })
    expect(failures.map((failure) => failure.reason)).toEqual(['error', 'timeout'])
    expect(RateLimitError.isInstance(failures[1]!.error)).toBe(true)
    // The configured timeout ended the call, not the 1 s default.
    expect((failures[1]!.error as Error).message).toContain('within 30 ms')
  })

  it("'closed' rejects requests when the store fails or stalls", async () => {
    const { store, ratelimit } = setUp({ failMode: 'closed' })
    store.mode = 'fail'
    expect(await ratelimit.limit('user')).toMatchObject({ success: false, reason: 'error', remaining: 0 })
    store.mode = 'stall'
    expect(await ratelimit.limit('user')).toMatchObject({ success: false, reason: 'timeout', remaining: 0 })
  })

  it("'local' keeps enforcing the limits in this process, then hands back to the store", async () => {
    const { store, ratelimit } = setUp({ failMode: 'local' })
    expect((await ratelimit.limit('user')).success).toBe(true)
    store.mode = 'fail'
    const local = await Promise.all([1, 2, 3].map(() => ratelimit.limit('user')))
    expect(local.map((response) => [response.success, response.reason])).toEqual([
      [true, 'error'],
      [true, 'error'],
      [false, 'error'],
    ])
    store.mode = 'ok'
    expect(await ratelimit.limit('user')).toMatchObject({ success: true, reason: 'allowed', remaining: 0 })
    expect(await ratelimit.limit('user')).toMatchObject({ success: false, reason: 'denied' })
  })

  it('treats a reply the scripts never give as an error', async () => {
    const { store, ratelimit, failures } = setUp({ failMode: 'closed' })
    store.mode = 'garbage'
    expect(await ratelimit.limit('user')).toMatchObject({ success: false, reason: 'error' })
    expect((failures[0]!.error as RateLimitError).code).toBe(rateLimitErrors.UNEXPECTED_REPLY)
  })

  it('settles pending when the timed-out call finally settles, and never rejects it', async () => {
    const { store, ratelimit } = setUp({ failMode: 'open' })
    store.mode = 'stall'
    const response = await ratelimit.limit('user')
    let settled = false
    void response.pending.then(() => {
      settled = true
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(settled).toBe(false)
    store.release()
    await response.pending
    expect(settled).toBe(true)
  })

  it('waits for the store as long as it takes with timeout: false', async () => {
    const { store, ratelimit } = setUp({ timeout: false })
    store.mode = 'stall'
    const decision = ratelimit.limit('user')
    await new Promise((resolve) => setTimeout(resolve, 60))
    store.release()
    expect(await decision).toMatchObject({ success: true, reason: 'allowed' })
  })

  it('survives an onStoreFailure that throws', async () => {
    const { store, ratelimit } = setUp({
      failMode: 'open',
      onStoreFailure: () => {
        throw new Error('logger down')
      },
    })
    store.mode = 'fail'
    expect((await ratelimit.limit('user')).success).toBe(true)
  })
})

describe('other methods when the store fails', () => {
  it('throw E_STORE_FAILURE with the cause, or E_RATELIMIT_TIMEOUT', async () => {
    const { store, ratelimit } = setUp()
    store.mode = 'fail'
    const failure = await ratelimit.getRemaining('user').catch((error: unknown) => error)
    expect(LayercacheError.hasCode(failure, errors.STORE_FAILURE)).toBe(true)
    expect(((failure as Error).cause as Error).message).toBe('connection refused')
    store.mode = 'stall'
    for (const call of [
      () => ratelimit.reset('user'),
      () => ratelimit.block('user', '1m'),
      () => ratelimit.refund('user'),
      () => ratelimit.getRemaining('user'),
    ]) {
      const timeout = await call().catch((error: unknown) => error)
      expect(timeout).toBeInstanceOf(LayercacheError)
      expect(LayercacheError.isInstance(timeout)).toBe(true)
      expect(RateLimitError.isInstance(timeout) && timeout.code === rateLimitErrors.TIMEOUT).toBe(true)
    }
  })
})
