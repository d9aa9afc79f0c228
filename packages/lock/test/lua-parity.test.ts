// The Lua side of every script against its JavaScript side: random operation sequences run on a real
// Redis (EVAL) and on a memory store must give identical replies and leave identical state.
import { createMemoryStore } from '@layercache/core'
import { type AtomicScript, defineScript, type ScriptArgument } from '@layercache/core/store'
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockKeysOf } from '../src/lock-keys.js'
import { acquireScript, holderExpiresInOf } from '../src/scripts/acquire-script.js'
import { extendScript } from '../src/scripts/extend-script.js'
import { raiseFenceScript } from '../src/scripts/raise-fence-script.js'
import { releaseScript } from '../src/scripts/release-script.js'
import { connectRedis, deleteByPrefix, uniquePrefix } from './support/redis.js'
import { enterScript, exitScript, monitorKeys, reportScript, writeScript } from './support/torture-monitor.js'

// Counters start far above the clock (microseconds since 1970 are ~1.7e15), so fences are counter + 1
// on both sides and can be compared exactly, whatever the two clocks say.
const SEED_FENCE = 4_000_000_000_000_000
const LONG_TTL = 60_000

/** Sets a key without expiry: lets both sides start from the same counters. */
const seedScript = defineScript<number>({
  name: 'parity-seed',
  lua: `redis.call('SET', KEYS[1], ARGV[1]) return 1`,
  local: (context, keys, args) => {
    context.set(keys[0]!, String(args[0]))
    return 1
  },
})

/** Reads a key and the class of its TTL (-2 missing, -1 none, 1 expiring), for comparing state. */
const inspectScript = defineScript<[string, number]>({
  name: 'parity-inspect',
  lua: `
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then ttl = 1 end
return { redis.call('GET', KEYS[1]) or '', ttl }
`,
  local: (context, keys) => {
    const ttl = context.pttl(keys[0]!)
    return [context.get<string>(keys[0]!) ?? '', ttl > 0 ? 1 : ttl]
  },
})

let client: Redis
const basePrefix = uniquePrefix('parity')
let runs = 0

beforeAll(async () => {
  client = await connectRedis()
})
afterAll(async () => {
  if (client !== undefined) {
    await deleteByPrefix(client, basePrefix)
    client.disconnect()
  }
})

/** Runs the same calls on Redis and on a fresh memory store, and compares every reply. */
async function bothSides(
  calls: readonly { script: AtomicScript<unknown>; keys: string[]; args: ScriptArgument[] }[],
) {
  const local = createMemoryStore()
  const evalReplies: unknown[] = []
  const localReplies: unknown[] = []
  for (const { script, keys, args } of calls) {
    evalReplies.push(await client.eval(script.lua, keys.length, ...keys, ...args))
    localReplies.push(local.run(script, keys, args))
  }
  local.close()
  return { evalReplies, localReplies }
}

/** Busy replies carry the holder's remaining milliseconds, which differ by the time between calls. */
function timeless(reply: unknown, script: AtomicScript<unknown>): unknown {
  if (script === acquireScript && typeof reply === 'number' && reply <= 0)
    return holderExpiresInOf(reply) > 0 ? 'busy, ms' : reply
  return reply
}

const owners = ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210', 'aaaa']
const resources = ['a', 'b}{', '%']

const lockOperation = fc.oneof(
  fc.record({ kind: fc.constant('acquire'), resource: fc.nat(2), owner: fc.nat(2) }),
  fc.record({ kind: fc.constant('release'), resource: fc.nat(2), owner: fc.nat(2) }),
  fc.record({
    kind: fc.constant('extend'),
    resource: fc.nat(2),
    owner: fc.nat(2),
    ttl: fc.integer({ min: 30_000, max: 90_000 }),
  }),
  fc.record({
    kind: fc.constant('raise'),
    resource: fc.nat(2),
    owner: fc.nat(2),
    offset: fc.integer({ min: -3, max: 40 }),
  }),
)

describe('Lua and JavaScript sides agree (real Redis)', () => {
  it('lock scripts: acquire, release, extend, raise fence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lockOperation, { minLength: 1, maxLength: 30 }), async (operations) => {
        const prefix = `${basePrefix}${runs++}:lock`
        const keysOf = (resource: number) => lockKeysOf(prefix, resources[resource]!)
        const calls = resources.map((_, resource) => ({
          script: seedScript as AtomicScript<unknown>,
          keys: [keysOf(resource).fence],
          args: [String(SEED_FENCE)] as ScriptArgument[],
        }))
        for (const operation of operations) {
          const keys = keysOf(operation.resource)
          const token = owners[operation.owner]!
          if (operation.kind === 'acquire') {
            calls.push({
              script: acquireScript,
              keys: [keys.lock, keys.fence],
              args: [token, LONG_TTL, 2 * LONG_TTL, 1_000_000],
            })
          } else if (operation.kind === 'release') {
            calls.push({ script: releaseScript, keys: [keys.lock], args: [token] })
          } else if (operation.kind === 'extend') {
            calls.push({ script: extendScript, keys: [keys.lock], args: [token, operation.ttl] })
          } else {
            const floor = String(SEED_FENCE + operation.offset)
            calls.push({
              script: raiseFenceScript,
              keys: [keys.lock, keys.fence],
              args: [token, floor, LONG_TTL],
            })
          }
        }
        for (const resource of resources.keys()) {
          for (const key of [keysOf(resource).lock, keysOf(resource).fence]) {
            calls.push({ script: inspectScript, keys: [key], args: [] })
          }
        }
        const { evalReplies, localReplies } = await bothSides(calls)
        const normalize = (replies: unknown[]) =>
          replies.map((reply, index) => timeless(reply, calls[index]!.script))
        expect(normalize(localReplies)).toEqual(normalize(evalReplies))
      }),
      { numRuns: 60 },
    )
  })

  it.each([1, 1_000_000, 1_500])(
    'without a counter, both sides derive the fence from the time in microseconds rounded up to %i, stored exactly',
    async (grid) => {
      const keys = lockKeysOf(`${basePrefix}${runs++}:lock`, 'fresh')
      const before = Date.now() * 1000
      const calls = [
        {
          script: acquireScript as AtomicScript<unknown>,
          keys: [keys.lock, keys.fence],
          args: ['t', LONG_TTL, LONG_TTL, grid],
        },
        { script: inspectScript, keys: [keys.fence], args: [] },
      ]
      const { evalReplies, localReplies } = await bothSides(calls)
      for (const [fence, [stored]] of [evalReplies, localReplies] as [number, [string]][]) {
        expect(Math.abs(fence - before)).toBeLessThan(60_000_000)
        expect(fence % grid).toBe(0)
        expect(stored).toBe(String(fence))
      }
    },
  )

  it('edge values: fences near 2^53, the largest TTLs (integers on both sides)', async () => {
    // Fences and TTLs are whole numbers by construction (microseconds, milliseconds), so the replies
    // carry no fraction; this pins the ends of their range, where a double stops being exact.
    const keys = lockKeysOf(`${basePrefix}${runs++}:lock:`, 'edge')
    // Fences are microseconds (about 1.8e15 today) and reach 9e15 around the year 2255. Closer to
    // 2^53 the scripts still agree, but ioredis's reply parser misreads a few integers just below it
    // (9007199254740989 arrives as ...988), so the edge pinned here is 9e15 + 1.
    const largest = 9_000_000_000_000_001
    const longTtl = 2 ** 31 - 1 // about 24.8 days, in milliseconds
    const retention = 10 * 365 * 86_400_000 // ten years, in milliseconds
    const calls: { script: AtomicScript<unknown>; keys: string[]; args: ScriptArgument[] }[] = [
      { script: seedScript, keys: [keys.fence], args: [String(largest - 1)] },
      { script: acquireScript, keys: [keys.lock, keys.fence], args: ['t', longTtl, retention, 1] },
      { script: inspectScript, keys: [keys.fence], args: [] },
      { script: raiseFenceScript, keys: [keys.lock, keys.fence], args: ['t', String(largest), retention] },
      { script: inspectScript, keys: [keys.fence], args: [] },
      { script: extendScript, keys: [keys.lock], args: ['t', longTtl] },
      { script: extendScript, keys: [keys.lock], args: ['other', 1] },
      { script: releaseScript, keys: [keys.lock], args: ['t'] },
      { script: acquireScript, keys: [keys.lock, keys.fence], args: ['u', 1, 1, 1] },
    ]
    const { evalReplies, localReplies } = await bothSides(calls)
    const normalize = (replies: unknown[]) =>
      replies.map((reply, index) => timeless(reply, calls[index]!.script))
    expect(normalize(localReplies)).toEqual(normalize(evalReplies))
    // The fence issued after a counter of 9e15 is 9e15 + 1 on both sides, stored digit for digit.
    expect(evalReplies[1]).toBe(largest)
    expect(evalReplies[2]).toEqual([String(largest), 1])
    // The next acquisition after the raised fence is larger still, on both sides alike.
    expect(evalReplies[8]).toBeGreaterThan(largest)
    expect(localReplies[8]).toEqual(evalReplies[8])
  })

  it('torture referee scripts: enter, write, exit, report', async () => {
    const operation = fc.record({
      kind: fc.constantFrom('enter', 'write', 'exit'),
      section: fc.nat(3),
      fence: fc.integer({ min: 1, max: 6 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 30 }), async (operations) => {
        const keys = monitorKeys(`run${runs++}`, basePrefix)
        const calls = operations.map(({ kind, section, fence }) => {
          const fenceText = String(SEED_FENCE + fence)
          if (kind === 'enter')
            return { script: enterScript, keys: [keys.state, keys.inside], args: [`s${section}`, fenceText] }
          if (kind === 'write')
            return { script: writeScript, keys: [keys.state], args: [`s${section}`, fenceText] }
          return { script: exitScript, keys: [keys.inside], args: [`s${section}`] }
        })
        const all = [...calls, { script: reportScript, keys: [keys.state], args: [] }]
        const { evalReplies, localReplies } = await bothSides(all as typeof calls)
        expect(localReplies).toEqual(evalReplies)
      }),
      { numRuns: 60 },
    )
  })
})
