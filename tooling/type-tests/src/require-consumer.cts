// A CommonJS consumer: under nodenext this file resolves the packages' `require` condition (.d.cts).
import core = require('@layercache/core')
import redis = require('@layercache/redis')
import ratelimit = require('@layercache/ratelimit')
import lock = require('@layercache/lock')
import leaderboard = require('@layercache/leaderboard')

const cache: core.Cache = core.createCache({ layers: [core.memoryStore()] })
const stores: core.Store[] = [core.memoryStore(), redis.redisStore({})]
const limiter = new ratelimit.Ratelimit({
  store: core.memoryStore(),
  limiter: ratelimit.Ratelimit.fixedWindow(10, '1 s'),
})
const locks = new lock.Lock({ store: core.memoryStore() })
const board = new leaderboard.Leaderboard({ store: core.memoryStore(), name: 'arcade' })
const read: Promise<number | undefined> = cache.get<number>('k')
// @ts-expect-error get resolves to the requested type or undefined, not a string
const wrong: Promise<string> = cache.get<number>('k')

export = { board, limiter, locks, read, stores, wrong }
