import { type ErrorCode, errors, LayercacheError } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import {
  createRateLimit,
  createRateLimitCheck,
  fixedWindow,
  gcra,
  MAX_IDENTIFIER_LENGTH,
  type RateLimitOptions,
  slidingLog,
  slidingWindow,
  tokenBucket,
} from '../src/index.js'

async function rejection(call: () => unknown): Promise<unknown> {
  try {
    await call()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

async function expectCode(call: () => unknown, code: ErrorCode): Promise<void> {
  const error = await rejection(call)
  expect(LayercacheError.isInstance(error), String(error)).toBe(true)
  expect((error as LayercacheError).code, (error as Error).message).toBe(code)
}

const ratelimit = createRateLimit({ limiter: fixedWindow(5, '1m') })

describe('bad input is refused with a typed error, before anything is written', () => {
  it.each([
    [''],
    [undefined],
    [42],
    [null],
    ['x'.repeat(MAX_IDENTIFIER_LENGTH + 1)],
    ['Ann\uD83D'],
    ['\uDE00'],
  ])('identifier %j -> E_INVALID_KEY', async (identifier) => {
    for (const call of [
      () => ratelimit.limit(identifier as string),
      () => ratelimit.getRemaining(identifier as string),
      () => ratelimit.reset(identifier as string),
      () => ratelimit.block(identifier as string, 10),
      () => ratelimit.refund(identifier as string),
      () => ratelimit.blockUntilReady(identifier as string, 1),
    ]) {
      await expectCode(call, errors.INVALID_KEY)
    }
  })

  it.each([[0], [-1], [1.5], [Number.NaN], ['2'], [Number.POSITIVE_INFINITY]])(
    'rate %j -> E_INVALID_OPTION',
    async (rate) => {
      await expectCode(() => ratelimit.limit('user', { rate: rate as number }), errors.INVALID_OPTION)
      await expectCode(() => ratelimit.refund('user', { rate: rate as number }), errors.INVALID_OPTION)
    },
  )

  it.each([
    ['fixedWindow tokens 0', () => fixedWindow(0, '1m')],
    ['fixedWindow tokens -1', () => fixedWindow(-1, '1m')],
    ['slidingWindow tokens 1.5', () => slidingWindow(1.5, '1m')],
    ['slidingWindow precision 0', () => slidingWindow(5, '1m', { precision: 0 })],
    ['slidingWindow precision 101', () => slidingWindow(5, '1m', { precision: 101 })],
    ['slidingLog tokens 1001', () => slidingLog(1001, '1m')],
    ['tokenBucket refillRate 0', () => tokenBucket(0, '1s', 5)],
    ['tokenBucket maxTokens NaN', () => tokenBucket(1, '1s', Number.NaN)],
    ['gcra burst 0', () => gcra(5, '1s', { burst: 0 })],
    ['gcra faster than 100 per ms', () => gcra(1000, '1 ms')],
    ['a name with a quote', () => fixedWindow(5, '1m', { name: 'a"b' })],
  ])('%s -> E_INVALID_OPTION', async (_label, make) => {
    await expectCode(make, errors.INVALID_OPTION)
  })

  it.each([
    ['fixedWindow', () => fixedWindow(5, 'soon')],
    ['zero window', () => fixedWindow(5, 0)],
    ['sub-millisecond window', () => slidingWindow(5, '0.5 ms')],
    ['negative interval', () => tokenBucket(1, -1, 5)],
    ['infinite period', () => gcra(5, Number.POSITIVE_INFINITY)],
    ['block duration', () => ratelimit.block('user', 'forever')],
    ['blockUntilReady timeout', () => ratelimit.blockUntilReady('user', '-1s')],
    ['timeout option', () => createRateLimit({ limiter: fixedWindow(1, 1), timeout: 'abc' })],
  ])('%s -> E_INVALID_DURATION', async (_label, make) => {
    await expectCode(make, errors.INVALID_DURATION)
  })

  it.each<[string, Partial<RateLimitOptions>]>([
    ['no limiter', { limiter: [] }],
    ['not a limiter', { limiter: { algorithm: 'fixedWindow' } as never }],
    ['the same limit twice', { limiter: [fixedWindow(1, 1), fixedWindow(1, 1)] }],
    [
      'two limits with one name',
      { limiter: [fixedWindow(1, 1, { name: 'a' }), fixedWindow(2, 1, { name: 'a' })] },
    ],
    ['a prefix with a brace', { prefix: 'rl{x}' }],
    ['a prefix with a lone surrogate', { prefix: 'rl\uD83D' }],
    ['an empty prefix', { prefix: '' }],
    ['an unknown failMode', { failMode: 'maybe' as never }],
    ['ephemeralCache.maxEntries 0', { ephemeralCache: { maxEntries: 0 } }],
    ['a string as allowList', { allowList: 'admin' as never }],
  ])('%s -> E_INVALID_OPTION', async (_label, options) => {
    await expectCode(() => createRateLimit({ limiter: fixedWindow(1, 1), ...options }), errors.INVALID_OPTION)
  })

  it.each<[string, Partial<RateLimitOptions>]>([
    ['an allowList entry with a lone surrogate', { allowList: ['ok', 'Ann\uD83D'] }],
    ['a denyList Set entry with a lone surrogate', { denyList: new Set(['\uDE00']) }],
    ['an empty allowList entry', { allowList: [''] }],
    ['a denyList entry that is not a string', { denyList: [42 as never] }],
  ])('%s -> E_INVALID_KEY (it could never match)', async (_label, options) => {
    await expectCode(() => createRateLimit({ limiter: fixedWindow(1, 1), ...options }), errors.INVALID_KEY)
  })

  it('checkRateLimit validates its limit and window', async () => {
    const check = createRateLimitCheck()
    await expectCode(() => check('user', 0, 60), errors.INVALID_OPTION)
    await expectCode(() => check('user', 10, 'never'), errors.INVALID_DURATION)
    await expectCode(() => check('', 10, 60), errors.INVALID_KEY)
    await expectCode(() => check('Ann\uD83D', 10, 60), errors.INVALID_KEY)
    await expectCode(
      () => createRateLimitCheck({ prefix: 'rl\uD83D' })('user', 10, 60),
      errors.INVALID_OPTION,
    )
    await expectCode(() => createRateLimitCheck({ algorithm: 'gcra' as never }), errors.INVALID_OPTION)
  })
})

describe('blockUntilReady', () => {
  it('stops waiting when its signal aborts', async () => {
    const limiter = createRateLimit({ limiter: fixedWindow(1, '300 ms') })
    await limiter.limit('user')
    const controller = new AbortController()
    const waiting = limiter.blockUntilReady('user', '5 s', { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('client went away')), 20)
    await expect(waiting).rejects.toThrow('client went away')
  })
})
