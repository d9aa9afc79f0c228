// A CommonJS consumer: under nodenext this file resolves the packages' `require` condition (.d.cts).
import core = require('@layercache/core')
import redis = require('@layercache/redis')
import ratelimit = require('@layercache/ratelimit')
import lock = require('@layercache/lock')
import leaderboard = require('@layercache/leaderboard')

const cache: core.Cache = core.createCache({ layers: [core.createMemoryStore()] })
declare const client: redis.RedisClient
const stores: core.Store[] = [core.createMemoryStore(), redis.createRedisStore({ client })]
const limiter: ratelimit.RateLimit = ratelimit.createRateLimit({
  store: core.createMemoryStore(),
  limiter: ratelimit.fixedWindow(10, '1 s'),
})
const locks: lock.Lock = lock.createLock({ store: core.createMemoryStore() })
// Classes are exported as types only: each is made by its create… factory.
const constructed = [
  // @ts-expect-error a lock is made by createLock
  new lock.Lock({ store: core.createMemoryStore() }),
  // @ts-expect-error a rate limit is made by createRateLimit
  new ratelimit.RateLimit({ limiter: ratelimit.fixedWindow(1, '1 s') }),
  // @ts-expect-error a leaderboard is made by createLeaderboard
  new leaderboard.Leaderboard({ store: core.createMemoryStore(), name: 'arcade' }),
  // @ts-expect-error a Redis store is made by createRedisStore
  new redis.RedisStore({ client }),
  // @ts-expect-error a memory store is made by createMemoryStore
  new core.MemoryStore(),
]
const board = leaderboard.createLeaderboard({ store: core.createMemoryStore(), name: 'arcade' })
const read: Promise<number | undefined> = cache.get<number>('k')
// @ts-expect-error get resolves to the requested type or undefined, not a string
const wrong: Promise<string> = cache.get<number>('k')

export = { board, constructed, limiter, locks, read, stores, wrong }
