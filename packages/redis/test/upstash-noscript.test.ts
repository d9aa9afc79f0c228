import { errors } from '@layercache/core'
import { defineScript } from '@layercache/core/store'
import { redisClientFactories, uniquePrefix } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'

describe('scripts the server has never seen', () => {
  it.each(['ioredis', 'node-redis', 'upstash'] as const)(
    '%s: falls back from EVALSHA to EVAL, and reports Lua errors as store failures',
    async (kind) => {
      const [factory] = await redisClientFactories({ kinds: [kind] })
      const { client, close } = await factory!.create()
      const store = createRedisStore({ client, prefix: uniquePrefix(kind), timeout: '30s' })
      // A script body no test has loaded before: unique per run, so EVALSHA must answer NOSCRIPT.
      const nonce = `${Date.now()}-${Math.random()}`
      const fresh = defineScript({ name: 'fresh', lua: `return ARGV[1] .. '${nonce}'`, local: () => '' })
      const broken = defineScript({
        name: 'broken',
        lua: `return redis.call('NOPE-${nonce}')`,
        local: () => '',
      })
      try {
        expect(await store.run(fresh, ['k'], ['x'])).toBe(`x${nonce}`)
        // More Lua errors than the breaker's threshold: an application bug must not open the circuit.
        for (let attempt = 0; attempt < 7; attempt++) {
          await expect(store.run(broken, ['k'], [])).rejects.toMatchObject({ code: errors.STORE_FAILURE })
        }
        expect(store.circuitState).toBe('closed')
      } finally {
        await close()
      }
    },
  )
})
