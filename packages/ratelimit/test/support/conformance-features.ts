import { errors } from '@layercache/core'
import { settlesWithin } from '@layercache/test-utils'
import { expect, it } from 'vitest'
import {
  createRateLimitCheck,
  fixedWindow,
  gcra,
  slidingLog,
  slidingWindow,
  tokenBucket,
} from '../../src/index.js'
import { Keyspace } from '../../src/keys.js'
import type { ConformanceContext } from './conformance-context.js'
import { hashTag } from './probe-scripts.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** The `code` of what `call` throws or rejects with; `'none'` when it succeeds. */
const errorCodeOf = (call: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(call)
    .then(
      () => 'none',
      (error: unknown) => (error as { code?: unknown }).code ?? error,
    )

/** What the RateLimit must do on every store, beyond one algorithm. */
export function describeFeatureContract(context: ConformanceContext): void {
  it('checks several limits at once: all or nothing', async () => {
    const ratelimit = context.make([fixedWindow(3, '1h'), slidingWindow(5, '1h')])
    for (let i = 0; i < 3; i++) expect((await ratelimit.limit('user')).success).toBe(true)
    const denied = await ratelimit.limit('user')
    expect(denied).toMatchObject({ success: false, limit: 3, remaining: 0 })
    expect(denied.limits.map((limit) => [limit.success, limit.remaining])).toEqual([
      [false, 0],
      [true, 2],
    ])
    expect((await ratelimit.getRemaining('user')).limits.map((limit) => limit.remaining)).toEqual([0, 2])

    const narrow = context.make([fixedWindow(10, '1h'), slidingWindow(2, '1h')])
    expect((await narrow.limit('other', { rate: 3 })).success).toBe(false)
    expect((await narrow.getRemaining('other')).limits.map((limit) => limit.remaining)).toEqual([10, 2])
    expect(await narrow.limit('other', { rate: 2 })).toMatchObject({
      success: true,
      limit: 2,
      remaining: 0,
    })
  })

  it('keeps identifiers apart, braces included, each on one hash tag', async () => {
    const ratelimit = context.make(fixedWindow(1, '1h'))
    const identifiers = ['a', 'a}b', '{a}', '}', '%7B', 'a{', 'ü 💥']
    for (const identifier of identifiers) {
      expect((await ratelimit.limit(identifier)).success).toBe(true)
      const tags = new Keyspace(context.prefix(), ratelimit.limiters).keys(identifier).map(hashTag)
      expect(new Set(tags).size).toBe(1)
      expect(tags[0]).toBeDefined()
    }
    for (const identifier of identifiers) expect((await ratelimit.limit(identifier)).success).toBe(false)
  })

  it('refuses identifiers and prefixes with a lone surrogate, which Redis would store as U+FFFD', async () => {
    const ratelimit = context.make(fixedWindow(1, '1h'))
    const listed = context.make(fixedWindow(1, '1h'), { allowList: () => true })
    const check = createRateLimitCheck({ store: context.store(), prefix: context.prefix(), timeout: false })
    // On Redis, 'Ann\uD83D' would land on the key of 'Ann\uFFFD' and share (or reset) its limit.
    expect((await ratelimit.limit('Ann\uFFFD')).success).toBe(true)
    for (const identifier of ['Ann😀'.slice(0, 4), 'Ann\uDE00', '\uD83D']) {
      const calls = {
        limit: () => ratelimit.limit(identifier),
        getRemaining: () => ratelimit.getRemaining(identifier),
        refund: () => ratelimit.refund(identifier),
        reset: () => ratelimit.reset(identifier),
        resetUsedTokens: () => ratelimit.resetUsedTokens(identifier),
        block: () => ratelimit.block(identifier, '1m'),
        blockUntilReady: () => ratelimit.blockUntilReady(identifier, '1 s'),
        'limit on the allow list': () => listed.limit(identifier),
        checkRateLimit: () => check(identifier, 1, '1h'),
      }
      for (const [name, call] of Object.entries(calls)) {
        expect(await errorCodeOf(call), `${name}(${JSON.stringify(identifier)})`).toBe(errors.INVALID_KEY)
      }
    }
    expect(await errorCodeOf(() => context.make(fixedWindow(1, '1h'), { prefix: 'rl\uD83D' }))).toBe(
      errors.INVALID_OPTION,
    )
    // Nothing reached the store: 'Ann\uFFFD' keeps its own spent limit; a surrogate pair is one character.
    expect((await ratelimit.getRemaining('Ann\uFFFD')).remaining).toBe(0)
    expect((await ratelimit.limit('Ann😀')).success).toBe(true)
  })

  it('separates prefixes and shares counters within one', async () => {
    const first = context.make(fixedWindow(1, '1h'))
    const twin = context.make(fixedWindow(1, '1h'))
    const elsewhere = context.make(fixedWindow(1, '1h'), { prefix: `${context.prefix()}-other` })
    expect((await first.limit('user')).success).toBe(true)
    expect((await twin.limit('user')).success).toBe(false)
    expect((await elsewhere.limit('user')).success).toBe(true)
    await context.cleanup(`${context.prefix()}-other`)
  })

  it('blocks an identifier, never shortens a block, and lifts it on reset', async () => {
    const ratelimit = context.make(fixedWindow(5, '1h'))
    const until = await ratelimit.block('user', '10 s')
    expect(await ratelimit.block('user', '1 s')).toBe(until)
    const blocked = await ratelimit.limit('user')
    expect(blocked).toMatchObject({ success: false, reason: 'blocked', remaining: 0 })
    expect(blocked.retryAfter).toBeGreaterThan(8000)
    expect((await ratelimit.getRemaining('user')).blockedUntil).toBe(until)
    expect((await ratelimit.getRemaining('user')).remaining).toBe(5)
    await ratelimit.reset('user')
    expect((await ratelimit.limit('user')).success).toBe(true)
  })

  it('ends a block when its time is up', async () => {
    const ratelimit = context.make(fixedWindow(5, '1h'))
    await ratelimit.block('user', '150 ms')
    expect((await ratelimit.limit('user')).reason).toBe('blocked')
    await sleep(200)
    expect((await ratelimit.limit('user')).success).toBe(true)
  })

  it('lets windows pass in real time', async () => {
    const limiters = [
      slidingWindow(2, '200 ms'),
      tokenBucket(1, '100 ms', 2),
      gcra(2, '200 ms'),
      slidingLog(2, '200 ms'),
    ]
    for (const limiter of limiters) {
      const ratelimit = context.make(limiter)
      const started = Date.now()
      await ratelimit.limit('user')
      await ratelimit.limit('user')
      const denied = await ratelimit.limit('user')
      // Three answers slower than the fastest refill (100 ms) prove nothing: room may have come back
      // meanwhile (a very busy machine). Later windows only make room, never take it away.
      if (Date.now() - started >= 100) continue
      expect(denied.success).toBe(false)
      await sleep(denied.retryAfter + 20)
      expect((await ratelimit.limit('user')).success).toBe(true)
    }
  })

  it('blockUntilReady waits for room, and gives up at once when room comes too late', async () => {
    const ratelimit = context.make(fixedWindow(1, '1 s'))
    const first = await ratelimit.limit('user')
    const ready = await ratelimit.blockUntilReady('user', '10 s')
    expect(ready.success).toBe(true)
    // Admitted in a later window than the first request: it waited for the window to turn.
    expect(ready.reset).toBeGreaterThan(first.reset)

    // Room comes in a day, the wait allows an hour: answering within the deadline means it gave up at once.
    const slow = context.make(fixedWindow(1, '1 d'))
    await slow.limit('user')
    const answer = await settlesWithin(slow.blockUntilReady('user', '1h'), 15_000, 'giving up on a day away')
    expect(answer.success).toBe(false)
  })
}
