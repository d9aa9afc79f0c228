import { createRedisStore } from '@layercache/redis'
import {
  redisClientFactories,
  sharedRedisCluster,
  startRedisServer,
  uniquePrefix,
} from '@layercache/test-utils'
import { afterAll, describe, expect, it } from 'vitest'
import { createRateLimit, fixedWindow, gcra, slidingLog, slidingWindow, tokenBucket } from '../src/index.js'
import { consumeScript } from '../src/scripts/consume-script.js'
import { addressOf, type LoggedCommand, startCommandLog } from './support/command-log.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'

const SEQUENTIAL = 20
const CONCURRENT = 30

// Commands are counted with MONITOR, so never on the shared Redis: the standalone clients talk to a
// server of this file's own (the cluster is this file's own too).
const privateRedis = await startRedisServer()
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  await privateRedis.stop()
})

/** Counts HTTP requests made with the global `fetch` (what @upstash/redis uses) while `run` runs. */
async function countFetches(run: () => Promise<void>): Promise<number> {
  const original = globalThis.fetch
  let count = 0
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    count++
    return original(...args)
  }) as typeof fetch
  try {
    await run()
  } finally {
    globalThis.fetch = original
  }
  return count
}

/**
 * What one decision cost on the wire: the commands that name our keys, outside scripts, and anything
 * else the connections that sent them sent meanwhile.
 */
function ourCommands(log: readonly LoggedCommand[], storePrefix: string) {
  const fromClient = log.filter((command) => command.source !== 'lua')
  const ours = fromClient.filter((command) => command.args.some((arg) => arg.includes(storePrefix)))
  const sources = new Set(ours.map((command) => command.source))
  const others = fromClient.filter((command) => sources.has(command.source) && !ours.includes(command))
  return { ours, others }
}

describe.each(await redisClientFactories({ url: privateRedis.url }))(
  'round trips per decision over $name',
  (factory) => {
    it('is exactly one EVALSHA, for one limit or five, sequential or concurrent', async () => {
      const { client, close } = await factory.create()
      closers.push(close)
      const storePrefix = uniquePrefix(`ratelimit-trips-${factory.name}`)
      const store = createRedisStore({ client, prefix: storePrefix, timeout: '30s' })
      closers.push(async () => {
        await deleteKeysWithPrefixOn(factory.name, storePrefix)
      })
      // Generous timeouts: a slow answer on a busy machine must not become a failMode decision.
      const single = createRateLimit({ store, limiter: slidingWindow(1000, '1h'), timeout: '30s' })
      const five = createRateLimit({
        store,
        prefix: 'five',
        timeout: '30s',
        limiter: [
          fixedWindow(1000, '1h'),
          slidingWindow(1000, '1h'),
          slidingLog(1000, '1h'),
          tokenBucket(1, '1h', 1000),
          gcra(1000, '1h'),
        ],
      })
      // The first call on a server (on a cluster: on each master) that does not know the script yet
      // costs a second round trip, EVAL after NOSCRIPT. Thirty identifiers reach all three masters.
      for (let index = 0; index < 30; index++) {
        await single.limit(`warm-up-${index}`)
        await five.limit(`warm-up-${index}`)
      }

      const cluster = factory.name.includes('cluster')
      const addresses = cluster ? (await sharedRedisCluster()).nodes : [addressOf(privateRedis.url)]
      const log = await startCommandLog(addresses)
      let decisions = 0
      let sequentialFetches = 0
      const fetches = await countFetches(async () => {
        sequentialFetches = await countFetches(async () => {
          for (let index = 0; index < SEQUENTIAL; index++) {
            expect((await single.limit(`user-${index % 5}`)).reason).toBe('allowed')
            expect((await five.limit(`user-${index % 5}`)).reason).toBe('allowed')
            decisions += 2
          }
        })
        const concurrent = await Promise.all(
          Array.from({ length: CONCURRENT }, (_, index) =>
            (index % 2 === 0 ? single : five).limit(`crowd-${index % 7}`),
          ),
        )
        expect(concurrent.every((response) => response.reason === 'allowed')).toBe(true)
        decisions += CONCURRENT
      })
      const { ours, others } = ourCommands(await log.stop(), storePrefix)
      expect(ours).toHaveLength(decisions)
      for (const command of ours) {
        expect(command.args[0]!.toLowerCase()).toBe('evalsha')
        expect([consumeScript(['sw']).sha1, consumeScript(['fw', 'sw', 'sl', 'tb', 'gcra']).sha1]).toContain(
          command.args[1],
        )
      }
      expect(others.map((command) => command.args.slice(0, 2).join(' '))).toEqual([])
      // Over HTTP, one decision alone is one request; concurrent decisions share /pipeline requests.
      if (factory.name === 'upstash') {
        expect(sequentialFetches).toBe(SEQUENTIAL * 2)
        expect(fetches).toBeLessThanOrEqual(decisions)
        expect(fetches).toBeLessThan(decisions)
      }
    })
  },
)

describe('keys of one decision on the 3-master cluster', () => {
  it('share one slot per identifier, and identifiers spread over the masters', async () => {
    const [factory] = await redisClientFactories({ kinds: ['ioredis-cluster'] })
    if (factory?.name !== 'ioredis-cluster') throw new Error('no ioredis-cluster factory')
    const { client, close } = await factory.create()
    closers.push(close)
    const storePrefix = uniquePrefix('ratelimit-slots')
    const store = createRedisStore({ client, prefix: storePrefix, timeout: '30s' })
    closers.push(async () => {
      await deleteKeysWithPrefixOn(factory.name, storePrefix)
    })
    const ratelimit = createRateLimit({
      store,
      limiter: [fixedWindow(10, '1h'), slidingWindow(10, '1h'), gcra(10, '1h')],
      timeout: '30s',
      // Blocked identifiers would be answered from this process's memory, without a call.
      ephemeralCache: false,
    })
    const identifiers = Array.from({ length: 30 }, (_, index) => `user-${index}`)
    for (const identifier of identifiers) {
      await ratelimit.limit(identifier)
      await ratelimit.block(identifier, '1m')
    }
    const log = await startCommandLog((await sharedRedisCluster()).nodes)
    for (const identifier of identifiers) await ratelimit.limit(identifier)
    const calls = (await log.stop()).filter(
      (command) => command.source !== 'lua' && command.args.some((arg) => arg.includes(storePrefix)),
    )
    // Every decision ran as one EVALSHA with all four keys (block + three limits), no CROSSSLOT:
    // the cluster would have refused the call otherwise.
    expect(calls).toHaveLength(identifiers.length)
    const nodesUsed = new Set<string>()
    for (const { args } of calls) {
      const keyCount = Number(args[2])
      expect(keyCount).toBe(4)
      const keys = args.slice(3, 3 + keyCount)
      const slots = await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key) as Promise<number>))
      expect(new Set(slots).size).toBe(1)
      nodesUsed.add(String(slots[0]! < 5461 ? 0 : slots[0]! < 10923 ? 1 : 2))
    }
    expect(nodesUsed.size).toBeGreaterThan(1)
  })
})
