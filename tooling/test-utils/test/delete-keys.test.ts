import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { deleteKeysWithPrefix, escapeGlob, getRedisUrl, uniquePrefix } from '../src/index.js'

let url: string
let redis: Redis

beforeAll(async () => {
  url = await getRedisUrl()
  redis = new Redis(url)
})

afterAll(async () => {
  await redis.quit()
})

test('uniquePrefix is namespaced, labelled and different every time', () => {
  expect(uniquePrefix('tags')).toMatch(/^lc-test:tags:[0-9a-f]{12}:$/)
  expect(uniquePrefix()).toMatch(/^lc-test:test:/)
  expect(uniquePrefix()).not.toBe(uniquePrefix())
})

test('escapeGlob escapes every glob character', () => {
  expect(escapeGlob('a*b?c[d]e\\f^g')).toBe('a\\*b\\?c\\[d\\]e\\\\f^g')
})

test('deleteKeysWithPrefix deletes only keys under the prefix, glob characters included', async () => {
  const base = uniquePrefix('delete')
  const prefix = `${base}a*[bc]?\\:`
  const inside = Array.from({ length: 2500 }, (_, index) => `${prefix}${index}`)
  // Each of these would match if the prefix were used as a raw glob pattern.
  const decoys = [`${base}aXXbQ:1`, `${base}a[bc]Z\\:1`, `${base}a*[bc]?\\`, `${base}A*[bc]?\\:1`]
  await redis.mset(...[...inside, ...decoys].flatMap((key) => [key, 'v']))
  try {
    expect(await deleteKeysWithPrefix(url, prefix)).toBe(inside.length)
    expect(await redis.exists(...inside)).toBe(0)
    expect(await redis.exists(...decoys)).toBe(decoys.length)
  } finally {
    await deleteKeysWithPrefix(url, base)
  }
  expect(await redis.exists(...decoys)).toBe(0)
})

test('deleteKeysWithPrefix accepts ioredis options and refuses an empty prefix', async () => {
  const prefix = uniquePrefix('options')
  await redis.set(`${prefix}k`, 'v')
  const { host, port } = redis.options
  expect(await deleteKeysWithPrefix({ host, port, db: redis.options.db }, prefix)).toBe(1)
  await expect(deleteKeysWithPrefix(url, '')).rejects.toThrow(/non-empty prefix/)
})
