/*
 * Runs every benchmark in sequence, each in its own Node process, so one benchmark's heap and JIT
 * state never colour the next one's numbers.
 */
import { fileURLToPath } from 'node:url'
import { runTypeScript } from './harness/run-typescript.js'

const BENCHMARKS = [
  'l1-hit.bench.ts',
  'get-or-set.bench.ts',
  'memory-set.bench.ts',
  'hit-ratio.bench.ts',
  'memory-per-entry.bench.ts',
  'value-size-refusal.bench.ts',
  // These two need a Redis (REDIS_URL, default redis://127.0.0.1:6379) and fail without one.
  'redis-l2-get.bench.ts',
  'redis-batch.bench.ts',
  // Cross-process stampede protection: 8 processes, one cold key (needs a Redis too).
  'redis-stampede.bench.ts',
  // @layercache/leaderboard: the memory backend at 1,000,000 members, then Redis (needs a Redis too).
  'leaderboard-memory.bench.ts',
  'leaderboard-redis.bench.ts',
  // @layercache/ratelimit against rate-limiter-flexible and @upstash/ratelimit (needs a Redis too).
  'ratelimit-redis.bench.ts',
  // @layercache/lock against redlock, on one Redis and on three (starts two redis-server processes).
  'lock-redis.bench.ts',
]

console.log(
  `layercache benchmarks — ${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}`,
)
for (const benchmark of BENCHMARKS) {
  // --expose-gc lets the throughput harness start each sample from a clean heap.
  runTypeScript(fileURLToPath(new URL(`./${benchmark}`, import.meta.url)), { nodeFlags: ['--expose-gc'] })
}
