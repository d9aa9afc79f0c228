/*
 * Leaderboards on Redis: submits per second (64 in flight) and top/around latency (one call at a
 * time) of @layercache/leaderboard against redis-rank and raw ioredis sorted-set commands, all on
 * the same Redis, each with its own ioredis client, boards of the same 100,000 members.
 */
import {
  type BoardWorkload,
  boardWorkload,
  layercacheRedisBoard,
  type RedisBoardContender,
  rawIoredisBoard,
  redisRankBoard,
} from './contenders/leaderboard-redis-contenders.js'
import { uniformAccessSequence } from './harness/access-sequence.js'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisUrl,
  redisVersion,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { formatTable } from './harness/format-table.js'
import { measureConcurrentThroughput } from './harness/measure-concurrent-throughput.js'
import { measureThroughput } from './harness/measure-throughput.js'
import { seededRandom } from './harness/seeded-random.js'
import { printThroughputReport } from './harness/throughput-report.js'

const MEMBERS = 100_000
const CONCURRENCY = 64
const TOP_COUNT = 10
const AROUND_DISTANCE = 5
const LATENCY_CALLS = 2_000
// Our submit does several times redis-rank's work per call (tie key, entries hash, rank in the
// reply), so half its rate. top and around were first set within 20% of redis-rank (one round trip
// each for both); the performance issue asks for at least its speed, with metadata on request.
const SUBMIT_TARGET = 0.5
const READ_TARGET = 1
// What top and around returned before details became opt-in, measured beside the default.
const ALL_DETAILS = ['metadata', 'reachedAt'] as const

/** `member score` pairs for the submit benchmarks: the same calls, in the same order, for everyone. */
function submitSequence(workload: BoardWorkload, seed: number): string[] {
  const random = seededRandom(seed)
  return uniformAccessSequence(workload.members, { seed }).map(
    (member) => `${member} ${Math.floor(random() * 1e9)}`,
  )
}

function splitCall(call: string): [string, number] {
  const space = call.indexOf(' ')
  return [call.slice(0, space), Number(call.slice(space + 1))]
}

/** Every contender must answer top and around exactly alike before anything is timed. */
async function assertSameAnswers(boards: readonly RedisBoardContender[], probes: readonly string[]) {
  const [reference, ...others] = boards
  const expectTheSame = (what: string, expected: unknown, actual: unknown, name: string) => {
    if (JSON.stringify(expected) !== JSON.stringify(actual))
      throw new Error(`${name} answered ${what} differently: ${JSON.stringify(actual)}`)
  }
  const top = await reference!.top(TOP_COUNT)
  if (top.length !== TOP_COUNT) throw new Error('the board is not filled')
  for (const board of others) expectTheSame('top', top, await board.top(TOP_COUNT), board.name)
  for (const member of probes) {
    const around = await reference!.around(member, AROUND_DISTANCE)
    for (const board of others)
      expectTheSame(`around(${member})`, around, await board.around(member, AROUND_DISTANCE), board.name)
  }
}

/** Per-call latency percentiles, the contenders taking turns call by call. */
async function latencyPercentiles(
  contenders: readonly { name: string; operation: (key: string) => Promise<unknown> }[],
  sequence: readonly string[],
) {
  const timings = contenders.map((): number[] => [])
  for (let call = 0; call < LATENCY_CALLS; call++) {
    for (const [index, contender] of contenders.entries()) {
      const started = process.hrtime.bigint()
      await contender.operation(sequence[call % sequence.length]!)
      timings[index]!.push(Number(process.hrtime.bigint() - started) / 1_000)
    }
  }
  const at = (sorted: number[], fraction: number) => sorted[Math.floor(fraction * (sorted.length - 1))]!
  return contenders.map((contender, index) => {
    const sorted = timings[index]!.sort((left, right) => left - right)
    return [contender.name, at(sorted, 0.5).toFixed(0), at(sorted, 0.99).toFixed(0)]
  })
}

const prefix = uniqueBenchPrefix('leaderboard')
const admin = await connectIoredis({ autoPipelining: false })
const boards: RedisBoardContender[] = []
const readers: RedisBoardContender[] = []
try {
  const workload = boardWorkload(MEMBERS)
  const filling = process.hrtime.bigint()
  boards.push(
    await layercacheRedisBoard(workload, `${prefix}layercache:`),
    await redisRankBoard(workload, `${prefix}redis-rank:`),
    await rawIoredisBoard(workload, `${prefix}raw:`),
  )
  const fillSeconds = Number(process.hrtime.bigint() - filling) / 1e9
  // The same board as the first, read with every detail (its own client, no second fill).
  const detailed = await layercacheRedisBoard(workload, `${prefix}layercache:`, {
    details: ALL_DETAILS,
    fill: false,
  })
  readers.push(...boards, detailed)
  const probes = uniformAccessSequence(workload.members, { seed: 5, length: 256 })
  await assertSameAnswers(readers, [
    ...probes,
    workload.members[workload.scores.indexOf(Math.max(...workload.scores))]!,
  ])
  const header = `Node ${process.version}, Redis ${await redisVersion(admin)} at ${new URL(redisUrl()).host}`
  console.log(`\n# Leaderboards on Redis, ${MEMBERS.toLocaleString('en-US')} members (${header})`)
  console.log(`filled the three boards in ${fillSeconds.toFixed(1)} s`)
  const [layercache, redisRank, raw] = boards

  const report = (title: string, results: Awaited<ReturnType<typeof measureThroughput>>, atLeast: number) =>
    printThroughputReport({
      title,
      subject: layercache!.name,
      results,
      targets: [{ peer: redisRank!.name, atLeast }],
      context: [
        raw!.name,
        ...(results.some((result) => result.name === detailed.name) ? [detailed.name] : []),
      ],
    })
  const reportDetails = (title: string, results: Awaited<ReturnType<typeof measureThroughput>>) =>
    printThroughputReport({
      title: `${title}: the same run, with every detail`,
      subject: detailed.name,
      results,
      targets: [],
      context: [redisRank!.name, raw!.name],
    })

  const topSequence = ['top']
  const aroundSequence = uniformAccessSequence(workload.members, { seed: 7 })
  const topTitle = `top(${TOP_COUNT}), one call at a time (ns/op is the mean latency)`
  const topResults = await measureThroughput(
    readers.map((board) => ({ name: board.name, operation: () => board.top(TOP_COUNT) })),
    { sequence: topSequence },
  )
  report(topTitle, topResults, READ_TARGET)
  reportDetails(topTitle, topResults)
  const aroundTitle = `around(member, ${AROUND_DISTANCE}), one call at a time (ns/op is the mean latency; raw ioredis needs 2 round trips)`
  const aroundResults = await measureThroughput(
    readers.map((board) => ({
      name: board.name,
      operation: (member) => board.around(member, AROUND_DISTANCE),
    })),
    { sequence: aroundSequence },
  )
  report(aroundTitle, aroundResults, READ_TARGET)
  reportDetails(aroundTitle, aroundResults)
  console.log('\nlatency per call, µs (top / around, contenders taking turns)\n')
  const topLatency = await latencyPercentiles(
    readers.map((board) => ({ name: board.name, operation: () => board.top(TOP_COUNT) })),
    topSequence,
  )
  const aroundLatency = await latencyPercentiles(
    readers.map((board) => ({
      name: board.name,
      operation: (member) => board.around(member, AROUND_DISTANCE),
    })),
    aroundSequence,
  )
  console.log(
    formatTable([
      ['contender', 'top p50', 'top p99', 'around p50', 'around p99'],
      ...topLatency.map(([name, p50, p99], index) => [name!, p50!, p99!, ...aroundLatency[index]!.slice(1)]),
    ]),
  )

  const bestSequence = submitSequence(workload, 13)
  report(
    `submit, keep the best score (ZADD GT for raw ioredis), ${CONCURRENCY} in flight; the ` +
      `${bestSequence.length.toLocaleString('en-US')} calls repeat, so once warmed up no call beats the stored score`,
    await measureConcurrentThroughput(
      boards.map((board) => ({
        name: board.name,
        operation: (call) => board.submitBest(...splitCall(call)),
      })),
      { sequence: bestSequence, concurrency: CONCURRENCY },
    ),
    SUBMIT_TARGET,
  )
  const incrementSequence = uniformAccessSequence(workload.members, { seed: 17 })
  report(
    `submit, increment: every call changes a score (ZINCRBY for raw ioredis), ${CONCURRENCY} in flight`,
    await measureConcurrentThroughput(
      boards.map((board) => ({ name: board.name, operation: (member) => board.submitIncrement(member, 1) })),
      { sequence: incrementSequence, concurrency: CONCURRENCY },
    ),
    SUBMIT_TARGET,
  )
} finally {
  for (const board of new Set([...boards, ...readers])) await board.close()
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
}
