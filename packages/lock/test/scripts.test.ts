import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acquireScript } from '../src/scripts/acquire-script.js'
import { extendScript } from '../src/scripts/extend-script.js'
import { raiseFenceScript } from '../src/scripts/raise-fence-script.js'
import { releaseScript } from '../src/scripts/release-script.js'
import { connectRedis } from './support/redis.js'
import { tortureScripts } from './support/torture-monitor.js'

const scripts = [acquireScript, releaseScript, extendScript, raiseFenceScript, ...tortureScripts]

describe('Lua scripts', () => {
  let client: Redis
  beforeAll(async () => {
    client = await connectRedis()
  })
  afterAll(() => client?.disconnect())

  it.each(scripts.map((script) => [script.name, script] as const))(
    '%s: the SHA1 matches its source',
    (_name, script) => {
      expect(script.sha1).toBe(createHash('sha1').update(script.lua).digest('hex'))
    },
  )

  it.each(scripts.map((script) => [script.name, script] as const))(
    '%s: loads on Redis under that SHA1',
    async (_name, script) => {
      expect(await client.script('LOAD', script.lua)).toBe(script.sha1)
    },
  )

  it('script names are unique', () => {
    expect(new Set(scripts.map((script) => script.name)).size).toBe(scripts.length)
  })
})
