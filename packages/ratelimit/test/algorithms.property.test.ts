import { createManualClock, createMemoryStore } from '@layercache/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createRateLimit,
  fixedWindow,
  gcra,
  type Limiter,
  slidingLog,
  slidingWindow,
  tokenBucket,
} from '../src/index.js'
import { Keyspace } from '../src/keys.js'
import { limitScript } from '../src/scripts/limit-script.js'
import {
  fixedWindowModel,
  meterModel,
  type ReferenceModel,
  slidingLogModel,
  tokenBucketModel,
} from './support/reference-models.js'

const requests = (maxStep: number) =>
  fc.array(
    fc.record({
      step: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: maxStep })),
      cost: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 4 })),
      waitForRoom: fc.boolean(),
    }),
    { minLength: 1, maxLength: 80 },
  )

/** Drives a RateLimit on a manual clock with `steps`, handing each decision to `check`. */
async function drive(
  limiter: Limiter,
  steps: readonly { step: number; cost: number; waitForRoom: boolean }[],
  check: (decision: {
    now: number
    cost: number
    success: boolean
    remaining: number
    retryAfter: number
  }) => void,
): Promise<void> {
  const clock = createManualClock(1_700_000_000_000)
  const store = createMemoryStore({ clock, sweepInterval: 0 })
  const ratelimit = createRateLimit({ store, limiter, clock })
  const keys = new Keyspace(ratelimit.prefix, [limiter]).keys('user')
  const peek = (cost: number) =>
    store.run(limitScript, keys, ['peek', cost, 1, limiter.code, ...limiter.parameters])
  for (const { step, cost, waitForRoom } of steps) {
    clock.advance(step)
    const response = await ratelimit.limit('user', { rate: cost })
    check({
      now: clock.now(),
      cost,
      success: response.success,
      remaining: response.remaining,
      retryAfter: response.retryAfter,
    })
    if (waitForRoom && !response.success && Number.isFinite(response.retryAfter)) {
      // retryAfter is exact: one millisecond before it the same request still does not fit; at it, it does.
      clock.advance(response.retryAfter - 1)
      expect(peek(cost)[3][0]![0]).toBe(0)
      clock.advance(1)
      expect(peek(cost)[3][0]![0]).toBe(1)
    }
  }
}

async function agrees(limiter: Limiter, model: () => ReferenceModel, maxStep: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requests(maxStep), async (steps) => {
      const reference = model()
      await drive(limiter, steps, ({ now, cost, success, remaining }) => {
        const expected = reference.request(now, cost)
        expect({ success, remaining }).toEqual({ success: expected.admitted, remaining: expected.remaining })
      })
    }),
    { numRuns: 150 },
  )
}

describe('each algorithm against its definition, with exact retryAfter', () => {
  it('fixedWindow', () => agrees(fixedWindow(5, '1 s'), () => fixedWindowModel(5, 1000), 700))
  it('slidingLog', () => agrees(slidingLog(5, '1 s'), () => slidingLogModel(5, 1000), 400))
  it('tokenBucket', () => agrees(tokenBucket(2, '300 ms', 5), () => tokenBucketModel(2, 300, 5), 500))
  it('gcra', () => agrees(gcra(5, '1 s', { burst: 3 }), () => meterModel(5, 1000, 3), 400))

  it('slidingWindow never admits more than the limit in any window, and denies early by at most one bucket', async () => {
    const tokens = 6
    const window = 1000
    const width = 250
    await fc.assert(
      fc.asyncProperty(requests(400), async (steps) => {
        const admitted: { time: number; cost: number }[] = []
        const spentIn = (from: number, to: number) =>
          admitted.filter(({ time }) => time > from && time <= to).reduce((sum, { cost }) => sum + cost, 0)
        await drive(
          slidingWindow(tokens, `${window} ms`, { precision: 4 }),
          steps,
          ({ now, cost, success }) => {
            if (success) {
              admitted.push({ time: now, cost })
              expect(spentIn(now - window, now)).toBeLessThanOrEqual(tokens)
            } else if (cost <= tokens) {
              expect(spentIn(now - window - width, now) + cost).toBeGreaterThan(tokens)
            }
          },
        )
      }),
      { numRuns: 200 },
    )
  })
})
