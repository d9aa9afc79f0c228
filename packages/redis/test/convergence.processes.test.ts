import { createCache } from '@layercache/core'
import { type RedisServerHandle, startRedisServer, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'
import { KEY_COUNT, NAMESPACE } from './support/convergence-worker.js'
import { type ConvergenceWorker, startWorker } from './support/convergence-workers.js'
import { type SwitchableProxy, startSwitchableProxy } from './support/switchable-proxy.js'

// Three processes share one Redis (our own redis-server), each through its own proxy, under a steady
// random load while Redis goes away in one way or another. Once every path passes again, every
// process must serve, for every key, what Redis holds (and keep doing so): no memory layer may be
// left with a value Redis no longer has, whatever messages the outage swallowed. Replies reach the
// workers up to 5 ms late, in order per connection, so that a read's reply and a bus message on
// another connection race as on a busy network. Workers start once; each scenario opens fresh caches
// in them on its own prefix.

const WORKERS = 3
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

let redis: RedisServerHandle
/** Every connection to Redis goes through here, so Redis can be replaced by a new, empty one. */
let front: SwitchableProxy
let workers: ConvergenceWorker[] = []
beforeAll(async () => {
  redis = await startRedisServer()
  front = await startSwitchableProxy(redis.url, { replyJitter: 5 })
  workers = await Promise.all(
    Array.from({ length: WORKERS }, (_, index) => startWorker(front.url, `w${index}`)),
  )
}, 180_000)
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()))
  await front?.close()
  await redis?.stop()
})
afterEach(async () => {
  for (const worker of workers) worker.proxy.setMode('pass')
  const shut = workers.map((worker) => worker.next('shut'))
  for (const worker of workers) worker.send({ type: 'shut' })
  await Promise.all(shut)
})

/** Opens a cache in each worker on a fresh prefix and starts a load over every key; returns the prefix. */
async function startLoad(): Promise<string> {
  const prefix = uniquePrefix('converge')
  const ready = workers.map((worker) => worker.next('ready'))
  for (const worker of workers) worker.send({ type: 'open', prefix })
  await Promise.all(ready)
  for (const worker of workers) worker.send({ type: 'load', keys: KEY_COUNT })
  return prefix
}

/**
 * As the path heals, the load narrows to the first half of the keys for a second, then stops:
 * writes made while the caches recover must not leave copies Redis lacks, and the other half keeps
 * what the outage left behind, for the caches alone to repair (later writes would wash it out).
 */
async function narrowAndStop(): Promise<void> {
  for (const worker of workers) worker.send({ type: 'load', keys: KEY_COUNT / 2 })
  await sleep(1_000)
  await stopLoad()
}

/** Stops the load; returns how many operations ran (and failed) in all. */
async function stopLoad(): Promise<{ operations: number; failures: number }> {
  const stopped = workers.map((worker) => worker.next('stopped'))
  for (const worker of workers) worker.send({ type: 'stop' })
  const reports = await Promise.all(stopped)
  return {
    operations: reports.reduce((sum, report) => sum + report.operations, 0),
    failures: reports.reduce((sum, report) => sum + report.failures, 0),
  }
}

/** What Redis holds for every key, read by a cache with no memory layer; `undefined` when Redis did not answer. */
async function readRedis(prefix: string): Promise<(string | null)[] | undefined> {
  const client = new Redis(front.url, { maxRetriesPerRequest: 1 })
  const truth = createCache({
    namespace: NAMESPACE,
    onLayerError: 'throw',
    layers: [createRedisStore({ client, prefix, timeout: '5s' })],
  })
  try {
    return await Promise.all(
      Array.from({ length: KEY_COUNT }, async (_, index) => (await truth.get<string>(`key${index}`)) ?? null),
    )
  } catch {
    return undefined
  } finally {
    await truth.close()
    client.disconnect()
  }
}

/**
 * Polls until every worker serves what Redis holds for every key, five polls in a row, within 60 s
 * (a deadline, not a measurement); fails with the keys that disagree at the last poll. A poll in
 * which some read got no answer from Redis (a very busy machine) counts for nothing.
 */
async function expectConvergence(prefix: string): Promise<void> {
  const deadline = Date.now() + 60_000
  let agreeing = 0
  let disagreements: string[] = []
  while (agreeing < 5 && Date.now() < deadline) {
    const answers = workers.map((worker) => worker.next('values'))
    for (const worker of workers) worker.send({ type: 'read' })
    const served = await Promise.all(answers)
    const truth = await readRedis(prefix)
    if (truth === undefined || served.some((answer) => answer.failed)) {
      agreeing = 0
      await sleep(100)
      continue
    }
    disagreements = []
    served.forEach(({ values }, index) => {
      values.forEach((value, key) => {
        if (value !== truth[key]) disagreements.push(`w${index} key${key}: ${value} (Redis: ${truth[key]})`)
      })
    })
    agreeing = disagreements.length === 0 ? agreeing + 1 : 0
    await sleep(100)
  }
  expect(disagreements, `${disagreements.length} disagreements after 60 s`).toEqual([])
  expect(agreeing, 'polls in a row on which every worker agreed with Redis').toBe(5)
  expect(workers.flatMap((worker) => worker.problems)).toEqual([])
}

describe('three processes converge on what Redis holds once every path passes again', () => {
  it('with no outage', async () => {
    const prefix = await startLoad()
    await sleep(2_000)
    const { operations } = await stopLoad()
    expect(operations).toBeGreaterThan(0)
    await expectConvergence(prefix)
  }, 180_000)

  // The load runs on through each outage and narrows as the path heals (see narrowAndStop).
  it('after Redis was stopped and a new, empty one started in its place', async () => {
    const prefix = await startLoad()
    await sleep(1_500)
    await redis.stop()
    await sleep(1_000)
    redis = await startRedisServer()
    front.switchTo(redis.url)
    await narrowAndStop()
    await expectConvergence(prefix)
  }, 180_000)

  it('after a black hole between every worker and Redis', async () => {
    const prefix = await startLoad()
    await sleep(1_500)
    for (const worker of workers) worker.proxy.setMode('blackhole')
    await sleep(1_000)
    for (const worker of workers) worker.proxy.setMode('pass')
    await narrowAndStop()
    await expectConvergence(prefix)
  }, 180_000)

  for (const mode of ['blackhole', 'refuse'] as const) {
    it(`after a partition (${mode}) of one worker while the others go on`, async () => {
      const prefix = await startLoad()
      await sleep(1_500)
      workers[0]!.proxy.setMode(mode)
      await sleep(1_000)
      workers[0]!.proxy.setMode('pass')
      await narrowAndStop()
      await expectConvergence(prefix)
    }, 180_000)
  }
})
