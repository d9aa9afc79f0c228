/*
 * Cross-process stampede: N processes ask for the same cold key at once; the loader takes 200 ms.
 * Reports how many times the loader ran (target with distributedLoad: exactly 1) and the slowest
 * caller's wait, with and without the option, in the same run.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisUrl,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { formatTable } from './harness/format-table.js'

const PROCESSES = 8
const ROUNDS = 3
const worker = fileURLToPath(new URL('./contenders/redis-stampede-worker.ts', import.meta.url))

async function stampede(distributed: boolean): Promise<{ runs: number; slowest: number }> {
  const prefix = uniqueBenchPrefix('stampede')
  const children = Array.from({ length: PROCESSES }, () =>
    fork(worker, [redisUrl(), prefix, 'cold', distributed ? 'yes' : 'no'], { execArgv: ['--import', 'tsx'] }),
  )
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))))
  const waits = Promise.all(
    children.map((child) => new Promise<number>((resolve) => child.once('message', resolve as never))),
  )
  for (const child of children) child.send('go')
  const slowest = Math.max(...(await waits))
  const redis = await connectIoredis({ autoPipelining: false })
  const runs = Number(await redis.get(`${prefix}loader-runs`))
  await deleteBenchKeys(redis, prefix)
  await closeIoredis(redis)
  return { runs, slowest }
}

const rows: string[][] = []
for (let round = 1; round <= ROUNDS; round++) {
  for (const distributed of [true, false]) {
    const { runs, slowest } = await stampede(distributed)
    rows.push([
      String(round),
      distributed ? 'distributedLoad: true' : 'distributedLoad: false',
      String(runs),
      `${slowest.toFixed(0)} ms`,
      distributed ? (runs === 1 ? 'met (target 1)' : 'NOT MET (target 1)') : 'context',
    ])
  }
}
console.log(`\nCross-process stampede: ${PROCESSES} processes, one cold key, a 200 ms loader`)
console.log(formatTable([['round', 'mode', 'loader runs', 'slowest caller', 'verdict'], ...rows]))
