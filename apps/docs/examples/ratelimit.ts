import assert from 'node:assert/strict'
import { createMemoryStore } from '@layercache/core'
import { createRateLimit, createRateLimitCheck, rateLimitHeaders, slidingWindow } from '@layercache/ratelimit'

// In memory for one process; createRedisStore({ client }) from @layercache/redis shares the counts between servers.
const ratelimit = createRateLimit({ store: createMemoryStore(), limiter: slidingWindow(3, '10 s') })

const answers = []
for (let request = 0; request < 4; request++) answers.push(await ratelimit.limit('user:1'))
assert.deepEqual(
  answers.map((answer) => answer.success),
  [true, true, true, false],
)
const refused = answers[3]!
console.log(refused.reason, rateLimitHeaders(refused)['Retry-After']) // 'denied', and the seconds until a request fits

// The brief's one-liner: any limit per call, one counter per (limit, window).
const checkRateLimit = createRateLimitCheck({ store: createMemoryStore() })
const userId = 'user:2'
assert.equal(await checkRateLimit(userId, 100, 60), true)
