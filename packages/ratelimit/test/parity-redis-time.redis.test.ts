import { createMemoryStore } from '@layercache/core'
import type { AtomicScript } from '@layercache/core/store'
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedWindow, gcra, slidingLog, slidingWindow, tokenBucket } from '../src/index.js'
import { Keyspace } from '../src/keys.js'
import { blockScript } from '../src/scripts/block-script.js'
import { resetScript } from '../src/scripts/reset-script.js'
import { operationArbitrary, scriptCall } from './support/operations.js'
import { pttlScript } from './support/probe-scripts.js'
import { connectRedis, deleteByPrefix, uniquePrefix } from './support/redis.js'

// Windows of an hour: within a test run, no window passes and no token refills, so every count is
// time-independent on both sides, whatever their clocks read.
const candidates = [
  fixedWindow(3, '1h'),
  slidingWindow(5, '1h', { precision: 4 }),
  slidingLog(4, '1h'),
  tokenBucket(2, '1h', 5),
  gcra(3, '1h', { burst: 2 }),
  gcra(7, '1h'),
]
/** How far apart the two sides' times may be, in ms: calls run one after the other. */
const TOLERANCE = 1000

function closeTimes(redisTime: number, localTime: number, widthAllowance: number): boolean {
  return Math.abs(redisTime - localTime) <= TOLERANCE + widthAllowance
}

describe('the production Lua (Redis TIME) and the memory store reply alike', () => {
  let client: Redis
  const prefix = uniquePrefix('redistime')
  let run = 0

  beforeAll(async () => {
    client = await connectRedis()
  })
  afterAll(async () => {
    await deleteByPrefix(client, prefix)
    client.disconnect()
  })

  it('on counts exactly, on times within a second, and both keep a TTL on every key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: candidates.length - 1 }), { minLength: 1, maxLength: 3 }),
        fc.array(operationArbitrary(false, [60_000, 3_600_000]), { minLength: 1, maxLength: 25 }),
        async (chosen, operations) => {
          const limiters = chosen.map((index) => candidates[index]!)
          // A sliding window's reset moves by a bucket when the two calls straddle a bucket boundary.
          const width = Math.max(
            0,
            ...limiters.map((limiter) => (limiter.code === 'sw' ? limiter.parameters[2] : 0)),
          )
          const keyspace = new Keyspace(`${prefix}${run++}`, limiters)
          const local = createMemoryStore({ sweepInterval: 0 })
          for (const operation of operations) {
            if (operation.kind === 'advance') continue
            const { script, keys, args, decode } = scriptCall(operation, keyspace, limiters)
            const expected = local.run(script, keys, args)
            const actual = await client.eval(script.lua, keys.length, ...keys, ...args)
            if (decode !== undefined) {
              const [localStatus, localNow, localBlock, localItems] = decode(expected)
              const [status, now, block, items] = decode(actual)
              expect(status).toBe(localStatus)
              expect(block === 0).toBe(localBlock === 0)
              if (block !== 0) expect(closeTimes(block - now, localBlock - localNow, 0)).toBe(true)
              items.forEach(([fits, remaining, reset, retry], i) => {
                const [localFits, localRemaining, localReset, localRetry] = localItems[i]!
                expect([fits, remaining]).toEqual([localFits, localRemaining])
                expect(closeTimes(reset - now, localReset - localNow, width)).toBe(true)
                expect(retry < 0).toBe(localRetry < 0)
                expect(closeTimes(retry, localRetry, width)).toBe(true)
              })
            } else if (script === (blockScript as AtomicScript<unknown>)) {
              const [now, until] = actual as [number, number]
              const [localNow, localUntil] = expected as [number, number]
              expect(closeTimes(until - now, localUntil - localNow, 0)).toBe(true)
            } else {
              expect(script).toBe(resetScript)
              expect(actual).toEqual(expected)
            }
            const allKeys = keyspace.keys(operation.identifier)
            const ttls = (await client.eval(pttlScript.lua, allKeys.length, ...allKeys)) as number[]
            const localTtls = local.run(pttlScript, allKeys, [])
            ttls.forEach((ttl, i) => {
              expect(ttl).not.toBe(-1)
              expect(ttl === -2).toBe(localTtls[i] === -2)
              if (ttl !== -2) expect(closeTimes(ttl, localTtls[i]!, width)).toBe(true)
            })
          }
        },
      ),
      { numRuns: 60 },
    )
  }, 180_000)
})
