// One "server" of the multi-process accuracy test: connects its own client, then for every job the
// test sends, fires `requests` decisions at one identifier, `concurrency` at a time, and reports how
// many were admitted. Run with `fork(file, [target, storePrefix], { execArgv: ['--import', 'tsx'] })`.
import { createRedisStore } from '@layercache/redis'
import { Cluster, Redis } from 'ioredis'
import {
  createRateLimit,
  fixedWindow,
  gcra,
  type Limiter,
  type RateLimitReason,
  slidingLog,
  slidingWindow,
  tokenBucket,
} from '../../src/index.js'

const algorithms = { fixedWindow, slidingWindow, slidingLog, tokenBucket, gcra }

/** A limiter as it crosses the IPC channel: a `RateLimit` factory's name and its arguments. */
export interface LimiterSpec {
  algorithm: 'fixedWindow' | 'slidingWindow' | 'slidingLog' | 'tokenBucket' | 'gcra'
  args: unknown[]
}

/** What the test sends for one round. */
export interface HammerJob {
  prefix: string
  identifier: string
  limiters: LimiterSpec[]
  requests: number
  concurrency: number
}

/**
 * What the worker answers: `'halfway'` once half its decisions are answered (it then waits for
 * `'resume'`, so every worker is mid-job at the same moment), then its result.
 */
export type HammerReply = 'halfway' | HammerResult

/** The result of one round. */
export interface HammerResult {
  admitted: number
  reasons: Partial<Record<RateLimitReason, number>>
}

// `target` is a Redis URL, or a JSON list of cluster nodes.
const [target, storePrefix] = process.argv.slice(2) as [string, string]
const client = target.startsWith('[')
  ? new Cluster(JSON.parse(target), { redisOptions: { maxRetriesPerRequest: 1 } })
  : new Redis(target, { maxRetriesPerRequest: 1 })
// Generous timeouts: on a busy machine a slow answer must not turn into a failMode decision, which
// would make the totals meaningless (the test also checks that none happened).
const store = createRedisStore({ client, prefix: storePrefix, timeout: '10s', circuitBreaker: false })

function build(spec: LimiterSpec): Limiter {
  const factory = algorithms[spec.algorithm as keyof typeof algorithms] as (...args: unknown[]) => Limiter
  return factory(...spec.args)
}

async function hammer(job: HammerJob): Promise<HammerResult> {
  const ratelimit = createRateLimit({
    store,
    prefix: job.prefix,
    limiter: job.limiters.map(build),
    timeout: '10s',
    // Every decision goes to Redis: nothing is answered from this process's memory.
    ephemeralCache: false,
  })
  const reasons: Partial<Record<RateLimitReason, number>> = {}
  let admitted = 0
  const decide = async (count: number) => {
    let left = count
    const worker = async () => {
      while (left > 0) {
        left--
        const response = await ratelimit.limit(job.identifier)
        if (response.success) admitted++
        reasons[response.reason] = (reasons[response.reason] ?? 0) + 1
      }
    }
    await Promise.all(Array.from({ length: job.concurrency }, worker))
  }
  const firstHalf = Math.floor(job.requests / 2)
  await decide(firstHalf)
  // A barrier across the processes: their jobs overlap however busy the machine is.
  const resumed = new Promise<void>((resolve) => {
    resume = resolve
  })
  process.send?.('halfway' satisfies HammerReply)
  await resumed
  await decide(job.requests - firstHalf)
  return { admitted, reasons }
}

let resume = () => {}

process.on('message', async (message: HammerJob | 'exit' | 'resume') => {
  if (message === 'exit') {
    await client.quit().catch(() => client.disconnect())
    process.disconnect()
    return
  }
  if (message === 'resume') {
    resume()
    return
  }
  process.send?.((await hammer(message)) satisfies HammerReply)
})

// Connected and the script loaded before saying ready, so every worker starts its first job at once.
await createRateLimit({
  store,
  prefix: 'warm-up',
  limiter: fixedWindow(1, '1s'),
  timeout: '10s',
}).getRemaining('nobody')
process.send?.('ready')
