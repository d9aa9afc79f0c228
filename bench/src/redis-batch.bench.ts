/*
 * `getBatch(1000)` over Redis: how many round trips it makes (counted with MONITOR), and how fast it
 * is against cacheable's `getMany` on the same Redis and the same 1,000 keys, one batch at a time.
 */
import { assertSameAnswer } from './contenders/all-contenders.js'
import { smallObjectWorkload } from './contenders/filled-cache.js'
import { filledCacheableRedis } from './contenders/redis-cacheable-contender.js'
import { assertNoFailedReads, type FilledRedisCache } from './contenders/redis-filled-cache.js'
import { filledRawIoredis } from './contenders/redis-ioredis-contender.js'
import { filledLayercacheRedis } from './contenders/redis-layercache-contender.js'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisUrl,
  redisVersion,
  startOwnRedisUnlessSet,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { type CommandCount, countCommands } from './harness/count-commands.js'
import { formatTable, verdict } from './harness/format-table.js'
import { measureConcurrentThroughput } from './harness/measure-concurrent-throughput.js'
import { printThroughputReport } from './harness/throughput-report.js'

/** Against MGET + JSON.parse of every value: the floor for any cache that decodes a batch. */
const MGET_PARSE_TARGET = 0.8
const KEY_COUNT = 1_000
const ROUND_TRIP_TARGET = 1

// Round trips are counted with MONITOR: on a redis-server of this benchmark's own, unless REDIS_URL is set.
const ownRedis = await startOwnRedisUnlessSet()
const prefix = uniqueBenchPrefix('batch')
const admin = await connectIoredis({ autoPipelining: false })
const caches: FilledRedisCache[] = []
try {
  const workload = smallObjectWorkload(KEY_COUNT)
  const keys = [...workload.entries.keys()]
  const expected = [...workload.entries.values()]
  const layercache = await filledLayercacheRedis(workload, `${prefix}layercache:`)
  caches.push(
    layercache,
    await filledCacheableRedis(workload, `${prefix}cacheable:`),
    await filledRawIoredis(workload, `${prefix}raw:`, { autoPipelining: true, name: 'ioredis mget' }),
    await filledRawIoredis(workload, `${prefix}raw-parsed:`, {
      autoPipelining: true,
      parse: true,
      name: 'ioredis mget + JSON.parse',
    }),
  )
  const version = await redisVersion(admin)

  // The first call of this process may meet a Redis that has not cached the script yet (NOSCRIPT,
  // then EVAL); the steady state is every call after it.
  const first = await countCommands(layercache.client, () => layercache.getMany(keys))
  const steady = await countCommands(layercache.client, () => layercache.getMany(keys))
  const describe = (count: CommandCount) => count.commands.map((command) => command.split(' ')[0]).join(', ')
  console.log(
    `\n## getBatch(${KEY_COUNT.toLocaleString('en-US')}) round trips, layercache with Redis as its only layer ` +
      `(Redis ${version})\n`,
  )
  console.log(
    "Counted with MONITOR on a second connection: commands whose source is the cache's own connection,\n" +
      "between two ECHO markers; commands run inside Lua scripts (source 'lua') are not round trips.\n",
  )
  console.log(
    formatTable([
      ['call', 'commands sent', 'which', 'commands run by Lua', 'target', 'verdict'],
      ...[
        ['first call of the process', first],
        ['steady state', steady],
      ].map(([label, count]) => {
        const { commands, luaCommands } = count as CommandCount
        return [
          label as string,
          String(commands.length),
          describe(count as CommandCount) || '-',
          String(luaCommands),
          `== ${ROUND_TRIP_TARGET}`,
          verdict(commands.length === ROUND_TRIP_TARGET),
        ]
      }),
    ]),
  )

  for (const cache of caches) {
    const answers = await cache.getMany(keys)
    keys.forEach((key, index) => {
      assertSameAnswer(key, expected[index], cache.name, cache.decode(answers[index]))
    })
  }
  const results = await measureConcurrentThroughput(
    caches.map((cache) => ({ name: cache.name, operation: () => cache.getMany(keys) })),
    { sequence: keys.slice(0, 1), concurrency: 1 },
  )
  assertNoFailedReads(caches)
  const [, cacheable, raw, parsed] = caches
  printThroughputReport({
    title:
      `getBatch / getMany of ${KEY_COUNT.toLocaleString('en-US')} keys, one batch at a time, ops = batches ` +
      `(Node ${process.version}, Redis ${version} at ${new URL(redisUrl()).host})`,
    subject: layercache.name,
    floor: raw!.name,
    results,
    targets: [{ peer: parsed!.name, atLeast: MGET_PARSE_TARGET }],
    context: [cacheable!.name, raw!.name],
  })
} finally {
  for (const cache of caches) await cache.close()
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
  await ownRedis?.stop()
}
