import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockScript } from '../src/scripts/block-script.js'
import { consumeScript } from '../src/scripts/consume-script.js'
import { limitScript } from '../src/scripts/limit-script.js'
import { resetScript } from '../src/scripts/reset-script.js'
import { connectRedis } from './support/redis.js'

const scripts = [
  limitScript,
  blockScript,
  resetScript,
  ...['fw', 'sw', 'sl', 'tb', 'gcra'].map((code) => consumeScript([code])),
  consumeScript(['fw', 'sw', 'sl', 'tb', 'gcra', 'fw']),
]

describe('Lua scripts', () => {
  let client: Redis
  beforeAll(async () => {
    client = await connectRedis()
  })
  afterAll(() => client?.disconnect())

  it.each(scripts.map((script) => [script.name, script] as const))(
    '%s carries the SHA1 of its Lua',
    (_name, script) => {
      expect(script.sha1).toBe(createHash('sha1').update(script.lua).digest('hex'))
    },
  )

  it.each(scripts.map((script) => [script.name, script] as const))(
    '%s loads on Redis under that SHA1',
    async (_name, script) => {
      expect(await client.script('LOAD', script.lua)).toBe(script.sha1)
    },
  )

  it('have distinct names and sources', () => {
    expect(new Set(scripts.map((script) => script.name)).size).toBe(scripts.length)
    expect(new Set(scripts.map((script) => script.sha1)).size).toBe(scripts.length)
  })
})
