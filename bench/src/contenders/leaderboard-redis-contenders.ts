import { createLeaderboard, type EntryField } from '@layercache/leaderboard'
import { createRedisStore } from '@layercache/redis'
import type { Redis } from 'ioredis'
import { Leaderboard as RedisRankLeaderboard } from 'redis-rank'
import { closeIoredis, connectIoredis } from '../harness/bench-redis.js'
import { seededRandom } from '../harness/seeded-random.js'

/** `[member, score]` in best-first order: what every contender's `top` and `around` answer. */
export type Ranked = [member: string, score: number][]

/** One leaderboard implementation on Redis, filled with the same members and scores as the others. */
export interface RedisBoardContender {
  readonly name: string
  /** Keeps the better of the stored score and `score` (the default of layercache and redis-rank). */
  readonly submitBest: (member: string, score: number) => Promise<unknown>
  /** Adds `amount`: every call changes the score. */
  readonly submitIncrement: (member: string, amount: number) => Promise<unknown>
  readonly top: (count: number) => Promise<Ranked>
  readonly around: (member: string, distance: number) => Promise<Ranked>
  readonly close: () => Promise<void>
}

/** The board every contender holds: `members[i]` has `scores[i]`; all scores are distinct. */
export interface BoardWorkload {
  readonly members: readonly string[]
  readonly scores: readonly number[]
}

/** `count` members with distinct integer scores below 10^9, in a seeded random order. */
export function boardWorkload(count: number, seed = 11): BoardWorkload {
  const random = seededRandom(seed)
  const taken = new Set<number>()
  const members: string[] = []
  const scores: number[] = []
  for (let index = 0; index < count; index++) {
    let score: number
    do score = Math.floor(random() * 1e9)
    while (taken.has(score))
    taken.add(score)
    members.push(`user:${index}`)
    scores.push(score)
  }
  return { members, scores }
}

const FILL_BATCH = 1_000

function batches<T>(items: readonly T[]): T[][] {
  const result: T[][] = []
  for (let start = 0; start < items.length; start += FILL_BATCH)
    result.push(items.slice(start, start + FILL_BATCH))
  return result
}

async function fillSortedSet(client: Redis, key: string, workload: BoardWorkload): Promise<void> {
  const indexes = workload.members.map((_, index) => index)
  for (const batch of batches(indexes))
    await client.zadd(key, ...batch.flatMap((index) => [workload.scores[index]!, workload.members[index]!]))
}

const pairs = (reply: string[]): Ranked => {
  const ranked: Ranked = []
  for (let index = 0; index < reply.length; index += 2) ranked.push([reply[index]!, Number(reply[index + 1])])
  return ranked
}

/**
 * `@layercache/leaderboard` over `createRedisStore({ client: ioredis })`: a desc board with the default earliest-first
 * ties and ordinal ranks. Each call is one EVALSHA; submit also answers the rank. `top` and `around`
 * answer member, score and rank, plus `details` when given (`with: ['metadata', 'reachedAt']`: the
 * two hash reads the reads did before metadata became opt-in). Pass `fill: false` for a second board
 * over the same keys as an already filled one.
 */
export async function layercacheRedisBoard(
  workload: BoardWorkload,
  prefix: string,
  { details, fill = true }: { details?: readonly EntryField[]; fill?: boolean } = {},
): Promise<RedisBoardContender> {
  const client = await connectIoredis({ autoPipelining: false })
  const store = createRedisStore({ client, prefix })
  const best = createLeaderboard({ store, name: 'bench' })
  const increment = createLeaderboard({ store, name: 'bench', update: 'increment' })
  const items = workload.members.map((member, index) => ({ member, score: workload.scores[index]! }))
  if (fill) for (const batch of batches(items)) await best.submitMany(batch)
  const ranked = (entries: { member: string; score: number }[]): Ranked =>
    entries.map((entry) => [entry.member, entry.score])
  const read = details === undefined ? {} : { with: details }
  return {
    name: details === undefined ? 'layercache leaderboard' : `layercache, with ${details.join(' + ')}`,
    submitBest: (member, score) => best.submit(member, score),
    submitIncrement: (member, amount) => increment.submit(member, amount),
    top: async (count) => ranked(await best.top(count, read)),
    around: async (member, distance) => ranked(await best.around(member, distance, read)),
    close: () => closeIoredis(client),
  }
}

/** redis-rank 2.2.3 with its documented API: `updateOne`, `top`, `around` (each one round trip). */
export async function redisRankBoard(workload: BoardWorkload, prefix: string): Promise<RedisBoardContender> {
  const client = await connectIoredis({ autoPipelining: false })
  const key = `${prefix}redis-rank`
  await fillSortedSet(client, key, workload)
  const board = new RedisRankLeaderboard(client, key, { sortPolicy: 'high-to-low', updatePolicy: 'best' })
  const ranked = (entries: { id: string; score: number }[]): Ranked =>
    entries.map((entry) => [entry.id, entry.score])
  return {
    name: 'redis-rank 2.2',
    submitBest: (member, score) => board.updateOne(member, score),
    submitIncrement: (member, amount) => board.updateOne(member, amount, 'aggregate'),
    top: async (count) => ranked(await board.top(count)),
    around: async (member, distance) => ranked(await board.around(member, distance)),
    close: () => closeIoredis(client),
  }
}

/**
 * Raw ioredis on one sorted set, the floor: `ZADD GT` / `ZINCRBY`, `ZRANGE ... REV WITHSCORES`, and for
 * `around` a `ZREVRANK` then a `ZRANGE` (two round trips: the window depends on the rank).
 */
export async function rawIoredisBoard(workload: BoardWorkload, prefix: string): Promise<RedisBoardContender> {
  const client = await connectIoredis({ autoPipelining: false })
  const key = `${prefix}raw`
  await fillSortedSet(client, key, workload)
  return {
    name: 'ioredis ZADD/ZRANGE',
    submitBest: (member, score) => client.zadd(key, 'GT', score, member),
    submitIncrement: (member, amount) => client.zincrby(key, amount, member),
    top: async (count) => pairs(await client.zrange(key, 0, count - 1, 'REV', 'WITHSCORES')),
    around: async (member, distance) => {
      const position = await client.zrevrank(key, member)
      if (position === null) return []
      const start = Math.max(0, position - distance)
      return pairs(await client.zrange(key, start, position + distance, 'REV', 'WITHSCORES'))
    },
    close: () => closeIoredis(client),
  }
}
