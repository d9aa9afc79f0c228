import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aroundRowsScript,
  aroundScript,
  rangeScript,
  scoredRowsScript,
} from '../src/scripts/range-scripts.js'
import { countScript, readMembersScript } from '../src/scripts/read-scripts.js'
import { submitScript } from '../src/scripts/submit-script.js'
import { clearScript, removeScript, setMetadataScript } from '../src/scripts/write-scripts.js'
import { createRedisClient } from './support/redis.js'

const scripts = [
  submitScript,
  readMembersScript,
  scoredRowsScript,
  rangeScript,
  aroundScript,
  aroundRowsScript,
  countScript,
  removeScript,
  setMetadataScript,
  clearScript,
]

describe('leaderboard scripts', () => {
  let client: Redis

  beforeAll(async () => {
    client = createRedisClient()
    await client.connect()
  })

  afterAll(() => client.disconnect())

  it('have unique names', () => {
    expect(new Set(scripts.map((script) => script.name)).size).toBe(scripts.length)
  })

  it.each(scripts.map((script) => [script.name, script] as const))(
    '%s carries the SHA1 of its Lua',
    (_, script) => {
      expect(script.sha1).toBe(createHash('sha1').update(script.lua).digest('hex'))
    },
  )

  it.each(scripts.map((script) => [script.name, script] as const))(
    '%s defines only the Lua helpers it calls',
    (_, script) => {
      // A helper is a closure built on every call, whether the script calls it or not.
      const defined = [...script.lua.matchAll(/local function (\w+)/g)].map((match) => match[1]!)
      const unused = defined.filter((name) => script.lua.split(new RegExp(`\\b${name}\\(`)).length < 3)
      expect(unused).toEqual([])
    },
  )

  it.each(scripts.map((script) => [script.name, script] as const))('%s loads on Redis', async (_, script) => {
    expect(await client.script('LOAD', script.lua)).toBe(script.sha1)
  })
})
