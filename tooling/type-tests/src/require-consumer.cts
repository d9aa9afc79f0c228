// A CommonJS consumer: under nodenext this file resolves the packages' `require` condition (.d.cts).
import core = require('@layercache/core')
import redis = require('@layercache/redis')
import ratelimit = require('@layercache/ratelimit')
import lock = require('@layercache/lock')
import leaderboard = require('@layercache/leaderboard')

const cache: core.Cache = core.createCache({ layers: [core.createMemoryStore()] })
const stores: core.Store[] = [core.createMemoryStore(), redis.createRedisStore({})]
const limiter = new ratelimit.RateLimit({
  store: core.createMemoryStore(),
  limiter: ratelimit.fixedWindow(10, '1 s'),
})
const locks = new lock.Lock({ store: core.createMemoryStore() })
const board = new leaderboard.Leaderboard({ store: core.createMemoryStore(), name: 'arcade' })
const read: Promise<number | undefined> = cache.get<number>('k')
// @ts-expect-error get resolves to the requested type or undefined, not a string
const wrong: Promise<string> = cache.get<number>('k')

export = { board, limiter, locks, read, stores, wrong }
