import { type Cache, createCache } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import fc from 'fast-check'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'
import { execute, KEYS, type Loads, NAMESPACE, program, type Step } from './support/model-program.js'
import { type ModelServer, startModelServer, withReplyDelays } from './support/model-servers.js'
import { findViolation, type RecordedCall } from './support/register-history.js'

// Two servers (memory over one shared Redis, a bus between them) run random programs of concurrent
// operations while Redis replies reach them late, by random amounts. Each history must be
// linearizable against a register per key (see register-history.ts), where a change made on one
// server reaches the other's memory layer once the bus delivered it; and once things settle, both
// servers must read what Redis holds.

const url = await getRedisUrl()
const testPrefix = uniquePrefix('model')
afterAll(() => deleteKeysWithPrefix(url, testPrefix))

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
let runs = 0

/** Polls until each server heard every message the other published (a deadline, not a measurement). */
async function heardEverything(servers: readonly ModelServer[]): Promise<void> {
  const deadline = Date.now() + 5_000
  const caughtUp = () =>
    servers.every((server, index) => server.hearing.deliveries.length >= servers[1 - index]!.published)
  while (!caughtUp() && Date.now() < deadline) await sleep(5)
}

/** Polls until both servers read, for every key, what Redis holds, three times in a row. */
async function converge(servers: readonly ModelServer[], truth: Cache): Promise<string | undefined> {
  const deadline = Date.now() + 10_000
  let agreeing = 0
  let last = ''
  while (agreeing < 3) {
    const reads = await Promise.all(
      KEYS.map(async (key) => [
        await truth.get(key),
        ...(await Promise.all(servers.map((server) => server.cache.get(key)))),
      ]),
    )
    const agree = reads.every(([redis, ...local]) => local.every((value) => value === redis))
    agreeing = agree ? agreeing + 1 : 0
    last = KEYS.map((key, index) => `${key}: redis/A/B = ${JSON.stringify(reads[index])}`).join('; ')
    if (!agree && Date.now() > deadline) return `the servers did not converge within 10 s: ${last}`
    await sleep(20)
  }
  return undefined
}

/** Runs one program on two fresh servers; returns a description of what went wrong, if anything. */
async function runProgram(groups: readonly Step[][]): Promise<string | undefined> {
  const prefix = `${testPrefix}${runs++}:`
  let clock = 0
  const tick = () => ++clock
  const servers: ModelServer[] = []
  const calls: RecordedCall[] = []
  const loads: Loads = new Map()
  const direct = new Redis(url, { maxRetriesPerRequest: 1 })
  const truth = createCache({
    namespace: NAMESPACE,
    layers: [createRedisStore({ client: direct, prefix, timeout: '30s' })],
  })
  let nextId = 0
  const perform = async (step: Step): Promise<void> => {
    if (step.startDelay > 0) await sleep(step.startDelay)
    const id = ++nextId
    const server = servers[step.server]!
    const invokedAt = tick()
    const outcome = await withReplyDelays(step.delays, () => execute(server.cache, step, id, loads))
    calls.push({
      id,
      server: step.server,
      invokedAt,
      respondedAt: tick(),
      published: server.published,
      ...outcome,
    })
  }
  try {
    for (let server = 0; server < 2; server++)
      servers.push(await startModelServer({ url, prefix, namespace: NAMESPACE, tick }))
    for (const group of groups) await Promise.all(group.map(perform))
    // Once each server heard what the other published, final reads, one at a time, join the
    // history: what the servers settled on must be explained too.
    await heardEverything(servers)
    for (const server of [0, 1] as const)
      for (const key of KEYS)
        await perform({ kind: 'get', key, server, startDelay: 0, delays: { read: 0, write: 0 } })
    const hearings = servers.map((server) => server.hearing)
    return findViolation(calls, hearings, KEYS) ?? (await converge(servers, truth))
  } finally {
    await Promise.allSettled(servers.map((server) => server.close()))
    await truth.close()
    direct.disconnect()
  }
}

describe('two servers over one Redis, with late replies', () => {
  it('every history is linearizable per key, and the servers converge on what Redis holds', async () => {
    await fc.assert(
      fc.asyncProperty(program, async (groups) => {
        const problem = await runProgram(groups)
        expect(problem, problem).toBeUndefined()
      }),
      // On a loaded machine fewer runs fit: the time limit ends the search early, and a failure
      // found by then is still reported, shrunk as far as the time allowed.
      { numRuns: 40, interruptAfterTimeLimit: 45_000, markInterruptAsFailure: false },
    )
  }, 180_000)
})
