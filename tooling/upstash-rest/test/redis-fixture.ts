import { Redis as UpstashRedis } from '@upstash/redis'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll } from 'vitest'
// By path, not by package name: @layercache/test-utils depends on this package (see vitest.config.ts).
import { deleteKeysWithPrefix } from '../../test-utils/src/delete-keys.js'
import { uniquePrefix } from '../../test-utils/src/key-prefix.js'
import { startUpstashRestServer, type UpstashRestServer } from '../src/index.js'

/** What each test gets: a REST server, an Upstash client on it, a direct ioredis, a key prefix. */
export interface RestFixture {
  server: UpstashRestServer
  upstash: UpstashRedis
  direct: Redis
  redisUrl: string
  /** A fresh prefix per test; its keys are deleted after the test. */
  prefix: () => string
}

/**
 * Registers hooks that start one REST server per test file in front of the Redis chosen by the
 * global setup, and delete every test's keys afterwards.
 */
export function useRestFixture(): RestFixture {
  const prefixes: string[] = []
  const fixture = {
    prefix: () => {
      const prefix = uniquePrefix('upstash-rest')
      prefixes.push(prefix)
      return prefix
    },
  } as RestFixture
  beforeAll(async () => {
    fixture.redisUrl = process.env.REDIS_URL!
    fixture.server = await startUpstashRestServer({ redisUrl: fixture.redisUrl })
    fixture.upstash = new UpstashRedis({
      url: fixture.server.url,
      token: fixture.server.token,
      enableTelemetry: false,
    })
    fixture.direct = new Redis(fixture.redisUrl)
  })
  afterEach(async () => {
    for (const prefix of prefixes.splice(0)) await deleteKeysWithPrefix(fixture.redisUrl, prefix)
  })
  afterAll(async () => {
    await fixture.server?.close()
    await fixture.direct?.quit()
  })
  return fixture
}
