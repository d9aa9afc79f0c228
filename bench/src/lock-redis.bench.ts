/*
 * Distributed locks on Redis: acquire+release per second and its latency, @layercache/lock against
 * redlock 5 (beta, the ioredis 5 version), on one Redis instance (REDIS_URL) and on three. The three
 * instances are real, independent redis-server processes started here for the run (same machine, so
 * the network is loopback), rather than REDIS_URL plus two: a shared Redis that other work is loading
 * would decide every three-instance round on its own.
 */
import { type RedisServerHandle, startRedisServer } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import {
  type LockContender,
  layercacheLock,
  layercacheWithLock,
  redlockV5,
} from './contenders/lock-contenders.js'
import { measureLockLatency } from './contenders/lock-latency.js'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisUrl,
  redisVersion,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { formatRatio, formatTable, verdict } from './harness/format-table.js'
import { measureConcurrentThroughput } from './harness/measure-concurrent-throughput.js'
import { printThroughputReport } from './harness/throughput-report.js'

// Targets fixed before the first run: at least as many acquire+release per second as redlock on the
// same instances, and a median latency no higher than redlock's.
const THROUGHPUT_TARGET = 1
const LATENCY_TARGET = 1
const RESOURCES = 1 << 14
const SAMPLE_MILLISECONDS = 1_000
const LATENCY_ROUNDS = 6
const LATENCY_PER_ROUND = 400

const prefix = uniqueBenchPrefix('lock')
// Every timed lock is free: 16,384 resources in sequence, far more than the locks in flight.
const resources = Array.from({ length: RESOURCES }, (_, index) => `job-${index}`)
const servers: RedisServerHandle[] = []
const clients: Redis[] = []
let contenderCount = 0

async function connect(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await client.connect()
  clients.push(client)
  return client
}

/** Each contender gets its own connections (one per instance) and its own key prefix. */
async function build(
  make: (clients: Redis[], keyPrefix: string) => LockContender,
  urls: readonly string[],
): Promise<LockContender> {
  const own = await Promise.all(urls.map(connect))
  const contender = make(own, `${prefix}c${contenderCount++}:`)
  await contender.acquireRelease('probe')
  return contender
}

async function compare(where: string, urls: readonly string[]) {
  const instances = urls.length === 1 ? 'one Redis instance' : `${urls.length} Redis instances`
  const subject = await build(layercacheLock, urls)
  const peer = await build(redlockV5, urls)
  const withLock = await build(layercacheWithLock, urls)
  const verdicts = []
  for (const concurrency of [64, 1]) {
    const results = await measureConcurrentThroughput(
      [subject, peer, withLock].map((contender) => ({
        name: contender.name,
        operation: (resource: string) => contender.acquireRelease(resource),
      })),
      { sequence: resources, concurrency, sampleMilliseconds: SAMPLE_MILLISECONDS },
    )
    verdicts.push(
      ...printThroughputReport({
        title: `Lock acquire+release on ${instances}, ${concurrency} in flight (${where})`,
        subject: subject.name,
        results,
        targets: [{ peer: peer.name, atLeast: THROUGHPUT_TARGET }],
        context: [withLock.name],
      }),
    )
  }
  const latencies = await measureLockLatency([subject, peer, withLock], resources, {
    rounds: LATENCY_ROUNDS,
    perRound: LATENCY_PER_ROUND,
  })
  const peerLatency = latencies.find((latency) => latency.name === peer.name)!
  console.log(`\n## Lock acquire+release latency on ${instances}, one in flight (${where})\n`)
  console.log(
    formatTable([
      ['contender', 'p50 µs', 'p90 µs', 'p99 µs', 'p50 vs redlock', 'target', 'verdict'],
      ...latencies.map((latency) => {
        const ratio = latency.p50 / peerLatency.p50
        const targeted = latency.name === subject.name
        return [
          latency.name,
          latency.p50.toFixed(0),
          latency.p90.toFixed(0),
          latency.p99.toFixed(0),
          formatRatio(ratio),
          targeted ? `<= ${LATENCY_TARGET}x` : '-',
          targeted ? verdict(ratio <= LATENCY_TARGET) : 'report only',
        ]
      }),
    ]),
  )
  return verdicts
}

const admin = await connectIoredis({ autoPipelining: false })
try {
  const version = await redisVersion(admin)
  const where = `Node ${process.version}, Redis ${version}`
  await compare(`${where} at ${new URL(redisUrl()).host}`, [redisUrl()])
  servers.push(await startRedisServer(), await startRedisServer(), await startRedisServer())
  const started = await connect(servers[0]!.url)
  await compare(
    `Node ${process.version}, 3 local redis-server ${await redisVersion(started)}`,
    servers.map((server) => server.url),
  )
} finally {
  for (const client of clients) await closeIoredis(client)
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
  for (const server of servers) await server.stop()
}
