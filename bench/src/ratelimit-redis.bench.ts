/*
 * Rate limiting on Redis: decisions per second of @layercache/ratelimit against rate-limiter-flexible
 * (RateLimiterRedis over ioredis) and @upstash/ratelimit (over @upstash/redis, through the local
 * Upstash REST server), all on the same Redis, and the round trips each pays per decision.
 */
import { sharedUpstashRestServer } from '@layercache/test-utils'
import {
  layercacheOnIoredis,
  layercacheOnUpstash,
  type RatelimitAlgorithm,
  type RatelimitContender,
  type RatelimitSetup,
  rateLimiterFlexibleOnIoredis,
  upstashRatelimit,
} from './contenders/ratelimit-contenders.js'
import { measureRoundTrips, type RoundTrips } from './contenders/ratelimit-round-trips.js'
import { uniformAccessSequence } from './harness/access-sequence.js'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisUrl,
  redisVersion,
  startOwnRedisUnlessSet,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { formatTable } from './harness/format-table.js'
import { measureConcurrentThroughput } from './harness/measure-concurrent-throughput.js'
import { printThroughputReport } from './harness/throughput-report.js'

const IDENTIFIERS = 10_000
const CONCURRENCY = 64
/** So high that no identifier reaches it: every timed decision admits, and costs the same for all. */
const LIMIT = 1_000_000_000
const WINDOW_SECONDS = 3_600
// Targets fixed before the first run: at least as fast as each peer, one round trip per decision.
const THROUGHPUT_TARGET = 1
const ROUND_TRIP_TARGET = 1
const ROUND_TRIP_DECISIONS = 500
const SAMPLE_MILLISECONDS = 1_000
const WARM_UP_DECISIONS = 2_000
/**
 * Over HTTP, with the REST server in this same process, 64 in flight queue up to near a second
 * (a decision's default timeout); 16 is already more than one serverless instance usually holds.
 */
const UPSTASH_CONCURRENCY = 16

type Factory = (setup: RatelimitSetup) => RatelimitContender | Promise<RatelimitContender>

// Round trips are counted with MONITOR: on a redis-server of this benchmark's own, unless REDIS_URL is set.
const ownRedis = await startOwnRedisUnlessSet()
const prefix = uniqueBenchPrefix('ratelimit')
const admin = await connectIoredis({ autoPipelining: false })
const server = await sharedUpstashRestServer(redisUrl())
const opened: RatelimitContender[] = []
let contenderCount = 0

async function build(factory: Factory, limit = LIMIT): Promise<RatelimitContender> {
  const contender = await factory({
    limit,
    windowSeconds: WINDOW_SECONDS,
    keyPrefix: `${prefix}c${contenderCount++}:`,
  })
  opened.push(contender)
  return contender
}

/** Each contender, at a limit of 3, admits exactly 3 of 4 calls: they all really limit. */
async function assertLimits(factories: readonly Factory[]): Promise<void> {
  for (const factory of factories) {
    const small = await build(factory, 3)
    const answers = []
    for (let call = 0; call < 4; call++) answers.push(await small.decide('probe'))
    if (answers.join() !== 'true,true,true,false')
      throw new Error(`${small.name} answered ${answers.join()} to 4 calls at a limit of 3`)
  }
}

/** Times `factories` with `concurrency` decisions in flight; the first is the subject. */
async function compare(title: string, factories: readonly Factory[], concurrency: number) {
  const contenders = await Promise.all(factories.map((factory) => build(factory)))
  const denials = new Map<string, number>()
  const sequence = uniformAccessSequence(
    Array.from({ length: IDENTIFIERS }, (_, index) => `user-${index}`),
    { seed: 11 },
  )
  // A cold client (new HTTP connections, unoptimised code) can take longer than a decision's timeout;
  // warm every contender up first, so that any fallback after this point is a real one.
  const fallbacksBefore = new Map<RatelimitContender, number>()
  for (const contender of contenders) {
    let next = 0
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < WARM_UP_DECISIONS) await contender.decide(sequence[next++]!)
      }),
    )
    fallbacksBefore.set(contender, contender.fallbacks())
  }
  const results = await measureConcurrentThroughput(
    contenders.map((contender) => ({
      name: contender.name,
      operation: async (identifier: string) => {
        if (!(await contender.decide(identifier)))
          denials.set(contender.name, (denials.get(contender.name) ?? 0) + 1)
      },
    })),
    { sequence, concurrency, sampleMilliseconds: SAMPLE_MILLISECONDS },
  )
  for (const contender of contenders) {
    if (contender.fallbacks() > fallbacksBefore.get(contender)! || denials.has(contender.name))
      throw new Error(`${contender.name} fell back or denied while timed: its numbers would mean nothing`)
  }
  const [subject, ...peers] = contenders
  return printThroughputReport({
    title,
    subject: subject!.name,
    results,
    targets: peers.map((peer) => ({ peer: peer.name, atLeast: THROUGHPUT_TARGET })),
  })
}

const ioredis =
  (algorithm: RatelimitAlgorithm): Factory =>
  (setup) =>
    layercacheOnIoredis(algorithm, setup)
const upstash =
  (algorithm: RatelimitAlgorithm): Factory =>
  (setup) =>
    layercacheOnUpstash(algorithm, setup, server)
const upstashPeer =
  (algorithm: RatelimitAlgorithm): Factory =>
  (setup) =>
    upstashRatelimit(algorithm, setup, server)

try {
  const version = await redisVersion(admin)
  const where = `Node ${process.version}, Redis ${version} at ${new URL(redisUrl()).host}`
  const algorithms: RatelimitAlgorithm[] = ['fixedWindow', 'slidingWindow', 'tokenBucket']
  await assertLimits([
    ...algorithms.flatMap((algorithm) => [ioredis(algorithm), upstash(algorithm), upstashPeer(algorithm)]),
    rateLimiterFlexibleOnIoredis,
  ])

  // Like for like on ioredis: rate-limiter-flexible has only the fixed window.
  for (const concurrency of [CONCURRENCY, 1]) {
    await compare(
      `Rate limit decisions on ioredis, ${concurrency} in flight, ${IDENTIFIERS.toLocaleString('en-US')} identifiers (${where})`,
      [ioredis('fixedWindow'), rateLimiterFlexibleOnIoredis],
      concurrency,
    )
  }
  // Like for like over Upstash REST, each algorithm both libraries have.
  for (const algorithm of algorithms) {
    await compare(
      `Rate limit decisions over @upstash/redis (local REST server), ${algorithm}, ${UPSTASH_CONCURRENCY} in flight (${where})`,
      [upstash(algorithm), upstashPeer(algorithm)],
      UPSTASH_CONCURRENCY,
    )
  }
  await compare(
    `Rate limit decisions over @upstash/redis (local REST server), fixedWindow, 1 in flight (${where})`,
    [upstash('fixedWindow'), upstashPeer('fixedWindow')],
    1,
  )

  const identifiers = Array.from({ length: ROUND_TRIP_DECISIONS }, (_, index) => `trip-${index}`)
  const rows: string[][] = []
  for (const concurrency of [1, UPSTASH_CONCURRENCY]) {
    for (const factory of [
      ioredis('fixedWindow'),
      ioredis('slidingWindow'),
      ioredis('tokenBucket'),
      rateLimiterFlexibleOnIoredis,
      ...algorithms.flatMap((algorithm) => [upstash(algorithm), upstashPeer(algorithm)]),
    ]) {
      const trips: RoundTrips = await measureRoundTrips(await build(factory), identifiers, concurrency)
      const perDecision = trips.connectionCommandsPerDecision ?? trips.commandsPerDecision
      const over = (value: number) => value.toFixed(2)
      rows.push([
        trips.name,
        String(concurrency),
        over(trips.commandsPerDecision),
        trips.connectionCommandsPerDecision === undefined ? '-' : over(trips.connectionCommandsPerDecision),
        trips.httpRequestsPerDecision === 0 ? '-' : over(trips.httpRequestsPerDecision),
        trips.commandNames.join(' '),
        perDecision === ROUND_TRIP_TARGET && trips.commandsPerDecision === ROUND_TRIP_TARGET ? 'yes' : 'no',
      ])
    }
  }
  console.log(`\n## Round trips per decision (${ROUND_TRIP_DECISIONS} decisions, scripts loaded)\n`)
  console.log(
    formatTable([
      [
        'contender',
        'in flight',
        'commands naming its keys',
        'all commands on its connection',
        'HTTP requests',
        'commands',
        'exactly one',
      ],
      ...rows,
    ]),
  )
} finally {
  for (const contender of opened) await contender.close()
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
  await ownRedis?.stop()
}
// The local REST server holds a Redis connection; nothing else is left to wait for.
process.exit(0)
