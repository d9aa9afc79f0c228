import { createManualClock, createMemoryStore } from '@layercache/core'
import type { AtomicScript } from '@layercache/core/store'
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedWindow, gcra, slidingLog, slidingWindow, tokenBucket } from '../src/index.js'
import { Keyspace } from '../src/keys.js'
import { blockScript } from '../src/scripts/block-script.js'
import { limitScript } from '../src/scripts/limit-script.js'
import { resetScript } from '../src/scripts/reset-script.js'
import { operationArbitrary, scriptCall } from './support/operations.js'
import { connectRedis, deleteByPrefix, keysByPrefix, uniquePrefix } from './support/redis.js'
import { virtualTimeLua } from './support/virtual-time.js'

// Small windows and odd emission intervals, so random time steps cross every boundary.
const candidates = [
  fixedWindow(3, '2 s'),
  slidingWindow(5, '3 s', { precision: 4 }),
  slidingWindow(4, '1 s', { precision: 3 }),
  slidingLog(4, '1500 ms'),
  tokenBucket(2, '700 ms', 5),
  tokenBucket(1, '1 s', 1),
  gcra(3, '1 s', { burst: 2 }),
  gcra(7, '1 s'),
  // Fractional inputs: emission intervals of 7/300 ms and 1300/9 ms, durations given as fractions of
  // a second, a bucket width that does not divide its window. The state (GCRA's arrival time) is
  // fractional; the replies must still match to the digit.
  gcra(300, '7 ms', { burst: 4 }),
  gcra(9, 1.3, { burst: 5 }),
  gcra(3, '1.0005 s'),
  tokenBucket(3, 0.7, 7),
  slidingWindow(7, 1.5, { precision: 7 }),
]

describe('Lua and JavaScript sides reply alike (virtual time: exact, time-dependent fields included)', () => {
  let client: Redis
  const prefix = uniquePrefix('virtual')
  const shas = new Map<AtomicScript<unknown>, string>()
  let run = 0

  beforeAll(async () => {
    client = await connectRedis()
    for (const script of [limitScript, blockScript, resetScript] as AtomicScript<unknown>[]) {
      shas.set(script, (await client.script('LOAD', virtualTimeLua(script))) as string)
    }
  })
  afterAll(async () => {
    await deleteByPrefix(client, prefix)
    client.disconnect()
  })

  it('for random limits, operations and time steps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: candidates.length - 1 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(operationArbitrary(true, [1, 4000]), { minLength: 1, maxLength: 40 }),
        async (chosen, startOffset, operations) => {
          const limiters = chosen.map((index) => candidates[index]!)
          const runPrefix = `${prefix}${run++}`
          const keyspace = new Keyspace(runPrefix, limiters)
          const clock = createManualClock(1_750_000_000_000 + startOffset)
          const local = createMemoryStore({ clock, sweepInterval: 0 })
          for (const operation of operations) {
            if (operation.kind === 'advance') {
              clock.advance(operation.milliseconds)
              continue
            }
            const { script, keys, args } = scriptCall(operation, keyspace, limiters)
            const expected = local.run(script, keys, args)
            // The consume scripts (one per combination of algorithms) load on first use.
            if (!shas.has(script))
              shas.set(script, (await client.script('LOAD', virtualTimeLua(script))) as string)
            const actual = await client.evalsha(shas.get(script)!, keys.length, ...keys, ...args, clock.now())
            expect(actual, `${operation.kind} at ${clock.now()}`).toEqual(expected)
          }
          for (const key of await keysByPrefix(client, runPrefix))
            expect(await client.pttl(key)).toBeGreaterThan(0)
        },
      ),
      { numRuns: 150 },
    )
  }, 180_000)
})
