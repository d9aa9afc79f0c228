/*
 * L2 `get` over Redis: every read goes to Redis (no memory layer in front), with 256 reads in flight
 * at all times, the load of a busy server. Printed as ratios against peers measured in the same run.
 */
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
  REDIS_URL,
  redisVersion,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { measureConcurrentThroughput } from './harness/measure-concurrent-throughput.js'
import { printThroughputReport } from './harness/throughput-report.js'

const KEY_COUNT = 1_000
const CONCURRENCY = 256
/** layercache against ioredis `GET` on the same kind of client: the cost of being a cache. */
const RAW_CLIENT_TARGET = 0.9
const BENTOCACHE_TARGET = 3

const prefix = uniqueBenchPrefix('l2-get')
const admin = await connectIoredis({ autoPipelining: false })
const caches: FilledRedisCache[] = []
try {
  const workload = smallObjectWorkload(KEY_COUNT)
  caches.push(
    await filledLayercacheRedis(workload, `${prefix}layercache:`),
    await filledRawIoredis(workload, `${prefix}raw-pipelined:`, {
      autoPipelining: true,
      name: 'ioredis get (auto-pipelining)',
    }),
    await filledBentoCacheRedis(workload, `${prefix}bento:`),
    await filledRawIoredis(workload, `${prefix}raw:`, {
      autoPipelining: false,
      name: 'ioredis get (no auto-pipelining)',
    }),
  )
  for (const cache of caches) {
    for (const [key, value] of workload.entries)
      assertSameAnswer(key, value, cache.name, cache.decode(await cache.get(key)))
  }
  const sequence = uniformAccessSequence([...workload.entries.keys()], { seed: 3 })
  const results = await measureConcurrentThroughput(
    caches.map((cache) => ({ name: cache.name, operation: cache.get })),
    { sequence, concurrency: CONCURRENCY },
  )
  assertNoFailedReads(caches)
  const [layercache, rawPipelined, bento, raw] = caches
  printThroughputReport({
    title:
      `Redis L2 get, ${CONCURRENCY} in flight, ${KEY_COUNT.toLocaleString('en-US')} pre-filled keys ` +
      `(Node ${process.version}, Redis ${await redisVersion(admin)} at ${new URL(REDIS_URL).host})`,
    subject: layercache!.name,
    floor: rawPipelined!.name,
    results,
    targets: [
      { peer: rawPipelined!.name, atLeast: RAW_CLIENT_TARGET },
      { peer: bento!.name, atLeast: BENTOCACHE_TARGET },
    ],
    context: [raw!.name],
  })
} finally {
  for (const cache of caches) await cache.close()
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
}
