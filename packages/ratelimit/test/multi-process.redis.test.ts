import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  deleteKeysWithPrefix,
  getRedisUrl,
  type RedisClusterHandle,
  sharedRedisCluster,
  uniquePrefix,
} from '@layercache/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HammerJob, HammerResult, LimiterSpec } from './support/hammer-worker.js'

const workerFile = fileURLToPath(new URL('./support/hammer-worker.ts', import.meta.url))

const PROCESSES = 4
const REQUESTS_PER_PROCESS = 250
const CONCURRENCY_PER_PROCESS = 16
const LIMIT = 300

// Windows of an hour: nothing refills while the test runs, so the admitted total must be exactly
// the limit, not "about" it.
const cases: [string, LimiterSpec[], number][] = [
  ['fixedWindow', [{ algorithm: 'fixedWindow', args: [LIMIT, '1h'] }], LIMIT],
  ['slidingWindow', [{ algorithm: 'slidingWindow', args: [LIMIT, '1h'] }], LIMIT],
  ['slidingLog', [{ algorithm: 'slidingLog', args: [LIMIT, '1h'] }], LIMIT],
  ['tokenBucket', [{ algorithm: 'tokenBucket', args: [1, '1h', LIMIT] }], LIMIT],
  ['gcra', [{ algorithm: 'gcra', args: [LIMIT, '1h'] }], LIMIT],
  [
    'fixedWindow + slidingWindow at once',
    [
      { algorithm: 'fixedWindow', args: [LIMIT, '1h'] },
      { algorithm: 'slidingWindow', args: [LIMIT - 100, '1h'] },
    ],
    LIMIT - 100,
  ],
]

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a worker exited with code ${code}`))
    child.once('exit', onExit)
    child.once('message', (message) => {
      child.off('exit', onExit)
      resolve(message as T)
    })
  })
}

describe.each(['redis', 'redis cluster'] as const)(
  `${PROCESSES} processes on one identifier (%s)`,
  (backend) => {
    const storePrefix = uniquePrefix('ratelimit-processes')
    let children: ChildProcess[] = []
    let cluster: RedisClusterHandle | undefined

    beforeAll(async () => {
      cluster = backend === 'redis cluster' ? await sharedRedisCluster() : undefined
      const target = cluster === undefined ? await getRedisUrl() : JSON.stringify(cluster.nodes)
      children = Array.from({ length: PROCESSES }, () =>
        fork(workerFile, [target, storePrefix], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
      )
      await Promise.all(children.map((child) => nextMessage(child)))
    }, 180_000)

    afterAll(async () => {
      await Promise.all(
        children.map((child) => {
          const exited = new Promise((resolve) => child.once('exit', resolve))
          if (child.connected) child.send('exit')
          return exited
        }),
      )
      await deleteKeysWithPrefix(cluster ?? (await getRedisUrl()), storePrefix)
    })

    it.each(cases)('%s: the admitted total is exactly the limit', async (_name, limiters, expected) => {
      const job: HammerJob = {
        prefix: `rl${Math.random().toString(36).slice(2, 8)}`,
        identifier: 'shared-user',
        limiters,
        requests: REQUESTS_PER_PROCESS,
        concurrency: CONCURRENCY_PER_PROCESS,
      }
      // Each worker stops halfway until all are halfway: the four processes' jobs overlap.
      const halfway = children.map((child) => nextMessage<'halfway'>(child))
      for (const child of children) child.send(job)
      expect(await Promise.all(halfway)).toEqual(children.map(() => 'halfway'))
      const answers = children.map((child) => nextMessage<HammerResult>(child))
      for (const child of children) child.send('resume')
      const results = await Promise.all(answers)
      const total = results.reduce((sum, result) => sum + result.admitted, 0)
      expect(total).toBe(expected)
      const reasons = results.flatMap((result) => Object.keys(result.reasons))
      expect(new Set(reasons)).toEqual(new Set(['allowed', 'denied']))
    })
  },
)
