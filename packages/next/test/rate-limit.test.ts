import { createMemoryStore } from '@layercache/core'
import { createRateLimit, fixedWindow } from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { clientIp, limitRequest, withRateLimit } from '../src/ratelimit-entry.js'

function requestFrom(forwardedFor?: string): Request {
  return new Request('http://app.test/api/orders', {
    method: 'POST',
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  })
}

describe('clientIp', () => {
  it('trusts nothing by default: a client can write any x-forwarded-for', () => {
    expect(clientIp(requestFrom('6.6.6.6'))).toBeUndefined()
  })

  it('reads the entry appended by the outermost trusted proxy, whatever the client put before it', () => {
    // The client forged "6.6.6.6"; the load balancer appended the address it saw (203.0.113.7).
    expect(clientIp(requestFrom('6.6.6.6, 203.0.113.7'), { trustedHops: 1 })).toBe('203.0.113.7')
    // CDN then load balancer: the CDN saw the client, the load balancer saw the CDN.
    expect(clientIp(requestFrom('6.6.6.6, 203.0.113.7, 10.0.0.2'), { trustedHops: 2 })).toBe('203.0.113.7')
    expect(clientIp(requestFrom('203.0.113.7'), { trustedHops: 2 })).toBeUndefined()
    expect(clientIp(requestFrom(), { trustedHops: 1 })).toBeUndefined()
  })
})

describe.each([
  ['memory', async () => ({ store: createMemoryStore(), close: async () => {} })],
  [
    'Redis',
    async () => {
      const url = await getRedisUrl()
      const redis = new Redis(url)
      const prefix = uniquePrefix('next-ratelimit')
      return {
        store: createRedisStore({ client: redis, prefix }),
        close: async () => {
          await deleteKeysWithPrefix(url, prefix)
          redis.disconnect()
        },
      }
    },
  ],
] as const)('rate limiting requests (%s)', (_name, make) => {
  it('limitRequest: allowed requests get the headers, the one over the limit a 429 with Retry-After', async () => {
    const { store, close } = await make()
    try {
      const ratelimit = createRateLimit({ store, limiter: fixedWindow(2, '60 s') })
      const options = { ratelimit, trustedHops: 1 }
      const first = await limitRequest(requestFrom('198.51.100.1'), options)
      expect(first.success).toBe(true)
      expect(first.response).toBeUndefined()
      expect(first.headers['X-RateLimit-Remaining']).toBe('1')
      await limitRequest(requestFrom('198.51.100.1'), options)
      const refused = await limitRequest(requestFrom('198.51.100.1'), options)
      expect(refused.success).toBe(false)
      expect(refused.response?.status).toBe(429)
      expect(Number(refused.response?.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(refused.response?.headers.get('x-ratelimit-remaining')).toBe('0')
      // Another client has its own budget; a forged prefix does not change whose budget it is.
      expect((await limitRequest(requestFrom('198.51.100.2'), options)).success).toBe(true)
      expect((await limitRequest(requestFrom('1.1.1.1, 198.51.100.1'), options)).success).toBe(false)
    } finally {
      await close()
    }
  })

  it('withRateLimit: the handler runs only when allowed, and its response carries the headers', async () => {
    const { store, close } = await make()
    try {
      const ratelimit = createRateLimit({ store, limiter: fixedWindow(1, '60 s') })
      let calls = 0
      const POST = withRateLimit(
        async () => {
          calls++
          return Response.json({ saved: true }, { status: 201, headers: { 'x-app': 'orders' } })
        },
        { ratelimit, identifier: () => 'user:42' },
      )
      const allowed = await POST(requestFrom())
      expect(allowed.status).toBe(201)
      expect(await allowed.json()).toEqual({ saved: true })
      expect(allowed.headers.get('x-app')).toBe('orders')
      expect(allowed.headers.get('x-ratelimit-limit')).toBe('1')
      const refused = await POST(requestFrom())
      expect(refused.status).toBe(429)
      expect(calls).toBe(1)
    } finally {
      await close()
    }
  })
})
