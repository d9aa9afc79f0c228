import assert from 'node:assert/strict'
import { createMemoryStore } from '@layercache/core'
import { createRateLimit, tokenBucket } from '@layercache/ratelimit'

// @upstash/ratelimit: createRateLimit({ redis, limiter }) -> createRateLimit({ store, limiter }), where
// store is createRedisStore(new Redis({ url, token })) on Upstash (or ioredis / node-redis, or memory).
const ratelimit = createRateLimit({
  store: createMemoryStore(),
  limiter: tokenBucket(5, '10 s', 10), // the same static limiters
  prefix: 'api',
})

const response = await ratelimit.limit('ip:203.0.113.7')
// Same fields (success, limit, remaining, reset, pending), plus retryAfter, reason and limits.
assert.equal(response.success, true)
assert.equal(response.remaining, 9)
await response.pending

// A refused request spends nothing; refund gives tokens back when the work should not count.
await ratelimit.refund('ip:203.0.113.7', { rate: 1 })
assert.equal((await ratelimit.getRemaining('ip:203.0.113.7')).remaining, 10)
