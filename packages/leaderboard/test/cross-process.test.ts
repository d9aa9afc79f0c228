import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createRedisStore } from '@layercache/redis'
import {
  getRedisUrl,
  redisClientFactories,
  sharedRedisCluster,
  sharedUpstashRestServer,
  uniquePrefix,
} from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { createLeaderboard } from '../src/index.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'
import type { WorkerReport, WorkerSettings } from './support/submit-worker.js'

// Four processes, each with its own client (of different kinds), race on the same boards of one
// Redis: fair ties must follow the order in which writes reached Redis, and no increment may be
// lost, whichever process or client sent it.
const worker = fileURLToPath(new URL('./support/submit-worker.ts', import.meta.url))
const TIED_MEMBERS = 40
const INCREMENTS = 60
const SHARED_MEMBERS = 6

async function race(kinds: WorkerSettings['kind'][], prefix: string) {
  const addresses = await addressesOf(kinds)
  const children: ChildProcess[] = kinds.map((kind, index) => {
    const settings: WorkerSettings = {
      kind,
      address: addresses[kind]!,
      prefix,
      worker: index,
      tiedMembers: TIED_MEMBERS,
      increments: INCREMENTS,
      sharedMembers: SHARED_MEMBERS,
    }
    return fork(worker, [JSON.stringify(settings)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  })
  const exited = children.map((child) => new Promise((resolve) => child.once('exit', resolve)))
  try {
    const nextMessages = () =>
      Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))))
    await nextMessages() // ready
    const halfway = nextMessages()
    for (const child of children) child.send('go')
    await halfway // every worker has submitted half its tied members and waits for the others
    const reports = nextMessages() as Promise<WorkerReport[]>
    for (const child of children) child.send('resume')
    return await reports
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill()
    await Promise.all(exited)
  }
}

async function addressesOf(kinds: WorkerSettings['kind'][]) {
  const addresses: Partial<Record<WorkerSettings['kind'], string[]>> = {}
  for (const kind of kinds) {
    if (kind === 'ioredis' || kind === 'node-redis') addresses[kind] = [await getRedisUrl()]
    if (kind === 'upstash') {
      const { url, token } = await sharedUpstashRestServer()
      addresses[kind] = [url, token]
    }
    if (kind.endsWith('-cluster')) {
      addresses[kind] = (await sharedRedisCluster()).nodes.map(({ host, port }) => `${host}:${port}`)
    }
  }
  return addresses
}

const setups = [
  { backend: 'one Redis', kinds: ['ioredis', 'node-redis', 'upstash', 'ioredis'], reader: 'ioredis' },
  {
    backend: 'the cluster',
    kinds: ['ioredis-cluster', 'node-redis-cluster', 'ioredis-cluster', 'node-redis-cluster'],
    reader: 'ioredis-cluster',
  },
] as const

describe('four processes on the same boards', () => {
  for (const { backend, kinds, reader } of setups) {
    it(`on ${backend} (${kinds.join(', ')}): ties in write order, no lost increments`, async () => {
      const prefix = uniquePrefix('lb-processes')
      const reports = await race([...kinds], prefix)
      const factory = (await redisClientFactories({ kinds: [reader] }))[0]!
      const { client, close } = await factory.create()
      const store = createRedisStore({ client, prefix, timeout: '30s' })
      try {
        const tied = reports.flatMap((report) => report.tied)
        const total = kinds.length * TIED_MEMBERS
        // A new member at a tied score goes behind every member already there, so each submit's
        // rank is the board's size after it: the ranks are 1..total, each answered exactly once.
        expect(tied.map(([, rank]) => rank).sort((left, right) => left - right)).toEqual(
          Array.from({ length: total }, (_, index) => index + 1),
        )
        // And the board still lists every member at the rank its submit answered.
        const board = createLeaderboard({ store, name: 'tied' })
        const listed = await board.top(total, { with: ['reachedAt'] })
        const answered = new Map(tied.map(([member, rank]) => [member, rank]))
        expect(listed.map((entry) => entry.rank)).toEqual(listed.map((entry) => answered.get(entry.member)))
        // Each process saw its own members ranked in the order it submitted them.
        for (const report of reports) {
          const ranks = report.tied.map(([, rank]) => rank)
          expect(ranks).toEqual([...ranks].sort((left, right) => left - right))
        }
        // The processes really raced (each wrote on both sides of a barrier): their members alternate.
        const writers = listed.map((entry) => entry.member.split(':')[0])
        const switches = writers.filter((writer, index) => index > 0 && writer !== writers[index - 1]).length
        expect(switches).toBeGreaterThan(kinds.length)
        // reachedAt is Redis TIME of each write, so it never decreases down the list.
        const times = listed.map((entry) => entry.reachedAt)
        expect(times).toEqual([...times].sort((left, right) => left - right))

        const counted = createLeaderboard({ store, name: 'counted', update: 'increment', rankMode: 'dense' })
        const perMember = (kinds.length * INCREMENTS) / SHARED_MEMBERS
        const shared = await counted.top(SHARED_MEMBERS + 1)
        expect(shared).toHaveLength(SHARED_MEMBERS)
        expect(shared.map((entry) => entry.score)).toEqual(Array(SHARED_MEMBERS).fill(perMember))
        expect(shared.map((entry) => entry.rank)).toEqual(Array(SHARED_MEMBERS).fill(1))
      } finally {
        await deleteKeysWithPrefixOn(reader, prefix)
        await close()
      }
    }, 120_000)
  }
})
