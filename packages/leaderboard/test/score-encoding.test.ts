import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeScore, encodeScore, redisNumber } from '../src/score-encoding.js'
import { LUA_BOARD, LUA_SCORE_TEXT } from '../src/scripts/lua-library.js'
import { createRedisClient } from './support/redis.js'

const finiteDouble = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((value) => (value === 0 ? 0 : value))
const edgeScores = [
  0,
  1,
  -1,
  0.1,
  0.5,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  2 ** 53,
  2 ** 53 + 2,
  2 ** 60,
  1e21,
  1e300,
]
const moreEdgeScores = [
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2 ** -1022,
  1 / 3,
]

// Lua's side of the encoding, fed from ARGV[5..] (ARGV[1..4] is the library's header).
const encodeOnRedis = `${LUA_BOARD}${LUA_SCORE_TEXT}
local encoded = {}
for index = 5, #ARGV do encoded[#encoded + 1] = encodeScore(tonumber(ARGV[index])) end
return encoded`

describe('score encoding', () => {
  let client: Redis

  beforeAll(async () => {
    client = createRedisClient()
    await client.connect()
  })

  afterAll(() => client.disconnect())

  it('decodes every finite double back exactly', () => {
    for (const score of [...edgeScores, ...moreEdgeScores])
      expect(decodeScore(encodeScore(score))).toBe(score)
    fc.assert(
      fc.property(finiteDouble, (score) => {
        expect(decodeScore(encodeScore(score))).toBe(score)
        expect(Number(redisNumber(score))).toBe(score)
      }),
      { numRuns: 2000 },
    )
  })

  it('writes safe integers in plain decimal', () => {
    expect(encodeScore(42)).toBe('42')
    expect(encodeScore(-7)).toBe('-7')
    expect(encodeScore(-0)).toBe('0')
    expect(encodeScore(0.5)).toBe('1p-1')
    expect(encodeScore(2 ** 60)).toBe('1p60')
  })

  it('matches the Lua encoding text for text', async () => {
    const samples = [...edgeScores, ...moreEdgeScores, ...fc.sample(finiteDouble, 3000)]
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5']
    const header = ['desc', 'ordinal', 'none', '0']
    const lua = (await client.eval(
      encodeOnRedis,
      5,
      ...keys,
      ...header,
      ...samples.map(redisNumber),
    )) as string[]
    expect(lua).toEqual(samples.map(encodeScore))
  })
})
