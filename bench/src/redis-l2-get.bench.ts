/*
 * L2 `get` over Redis: every read goes to Redis (no memory layer in front), with 1 read in flight
 * (one user) and with 256 (a busy server). Printed as ratios against peers measured in the same run,
 * then what one read costs Redis (commands and CPU). Runs on a redis-server of its own, so INFO
 * commandstats counts only this benchmark's commands; set REDIS_URL to use another server instead.
 */
import { type RedisServerHandle, startRedisServer } from '@layercache/test-utils'
import { assertSameAnswer } from './contenders/all-contenders.js'
import { smallObjectWorkload } from './contenders/filled-cache.js'
import { filledBentoCacheRedis } from './contenders/redis-bentocache-contender.js'
import { assertNoFailedReads, type FilledRedisCache } from './contenders/redis-filled-cache.js'
import { filledRawIoredis } from './contenders/redis-ioredis-contender.js'
import { filledLayercacheRedis } from './contenders/redis-layercache-contender.js'
import { uniformAccessSequence } from './harness/access-sequence.js'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisVersion,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { formatTable } from './harness/format-table.js'
import { measureConcurrentThroughput } from './harness/measure-concurrent-throughput.js'
import { formatCommands, measureRedisSideCost } from './harness/redis-side-cost.js'
import { printThroughputReport } from './harness/throughput-report.js'

const KEY_COUNT = 1_000
const CONCURRENCIES = [1, 256]
/** Reads timed one by one for the Redis-side table. */
const COST_READS = 2_000
/** Against ioredis `GET` + `JSON.parse` on the same kind of client: the cost of being a cache. */
const UNTAGGED_TARGET = 0.9
const TAGGED_TARGET = 0.8
const BENTOCACHE_TARGET = 3

const server: RedisServerHandle | undefined =
  process.env.REDIS_URL === undefined ? await startRedisServer() : undefined
const url = server?.url ?? process.env.REDIS_URL
const prefix = uniqueBenchPrefix('l2-get')
const admin = await connectIoredis({ autoPipelining: false, url })
const caches: FilledRedisCache[] = []
try {
  const workload = smallObjectWorkload(KEY_COUNT)
  const layercache = await filledLayercacheRedis(workload, `${prefix}layercache:`, { url })
  const tagged = await filledLayercacheRedis(workload, `${prefix}tagged:`, { url, tagged: true })
  const parsed = await filledRawIoredis(workload, `${prefix}raw-parsed:`, {
    autoPipelining: true,
    parse: true,
    name: 'ioredis get + JSON.parse (auto-pipelining)',
    url,
  })
  const raw = await filledRawIoredis(workload, `${prefix}raw:`, {
    autoPipelining: true,
    name: 'ioredis get, no parse (auto-pipelining)',
    url,
  })
  const bento = await filledBentoCacheRedis(workload, `${prefix}bento:`, { url })
  caches.push(layercache, tagged, parsed, raw, bento)
  for (const cache of caches) {
    for (const [key, value] of workload.entries)
      assertSameAnswer(key, value, cache.name, cache.decode(await cache.get(key)))
  }
  const sequence = uniformAccessSequence([...workload.entries.keys()], { seed: 3 })
  const version = await redisVersion(admin)
  for (const concurrency of CONCURRENCIES) {
    const results = await measureConcurrentThroughput(
      caches.map((cache) => ({ name: cache.name, operation: cache.get })),
      { sequence, concurrency },
    )
    assertNoFailedReads(caches)
    const title =
      `Redis L2 get, ${concurrency} in flight, ${KEY_COUNT.toLocaleString('en-US')} pre-filled keys ` +
      `(Node ${process.version}, Redis ${version}${server ? ', a redis-server of its own' : ''})`
    printThroughputReport({
      title,
      subject: layercache.name,
      floor: raw.name,
      results,
      targets: [
        { peer: parsed.name, atLeast: UNTAGGED_TARGET },
        { peer: bento.name, atLeast: BENTOCACHE_TARGET },
      ],
      context: [raw.name],
    })
    printThroughputReport({
      title: `${title}: entries with a tag`,
      subject: tagged.name,
      floor: raw.name,
      results,
      targets: [{ peer: parsed.name, atLeast: TAGGED_TARGET }],
    })
  }
  if (server === undefined) {
    console.log('\n(Redis-side cost skipped: REDIS_URL is set, and INFO commandstats counts everyone.)')
  } else {
    const keys = [...workload.entries.keys()]
    const rows = [['contender', 'commands per read', 'Redis µs per read']]
    for (const cache of caches) {
      const cost = await measureRedisSideCost(admin, COST_READS, (index) =>
        cache.get(keys[index % keys.length]!),
      )
      rows.push([cache.name, formatCommands(cost.commandsPerRead), cost.microsecondsPerRead.toFixed(2)])
    }
    console.log(`\n## What one read costs Redis (${COST_READS} reads, one at a time)\n`)
    console.log(formatTable(rows))
  }
} finally {
  for (const cache of caches) await cache.close()
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
  await server?.stop()
}
