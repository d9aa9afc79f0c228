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
// @ts-expect-error classes are exported as types only: a lock is made by createLock
const constructed = new lock.Lock({ store: core.createMemoryStore() })
const board = leaderboard.createLeaderboard({ store: core.createMemoryStore(), name: 'arcade' })
const read: Promise<number | undefined> = cache.get<number>('k')
// @ts-expect-error get resolves to the requested type or undefined, not a string
const wrong: Promise<string> = cache.get<number>('k')

export = { board, constructed, limiter, locks, read, stores, wrong }
