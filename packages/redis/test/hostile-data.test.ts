import { createCache, createMemoryStore, errors, LayercacheError } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'
import { encodeEnvelope } from '../src/store/entry-envelope.js'

// Bytes under our prefix may have been planted by anyone who can reach Redis. They are data: a
// miss (reported), never a stalled process, a rejected call or a failed batch.

// 405 bytes of brotli that inflate to 256 MiB of zero bytes, as a stored payload ('b' + base64).
const BROTLI_BOMB =
  'by///PwAkAOKxQHLv//j//weABEAcFoDu/R////8AkACIwwLQvf/j//8fABIAcVgAuvd//P//A0ACIA4LQPf+j///fwBIAMRhAeje' +
  '//H//w8ACYA4LADd+z/+//8BIAEQhwWge//H//8/ACQA4rAAdO//+P//B4AEQBwWgO79H////wCQAIjDAtC9/+P//x8AEgBxWAC6' +
  '93/8//8DQAIgDgtA9/6P//9/AEgAxGEB6N7/8f//DwAJgDgsAN37P/7//wEgARCHBaB7/8f//z8AJADisAB07//4//8HgARAHBaA' +
  '7v0f////AJAAiMMC0L3/4///HwASAHFYALr3f/z//wNAAiAOC0D3/o///38ASADEYQHo3v/x//8PAAmAOCwA3fs//v//ASABEIcF' +
  'oHv/x///PwAkAOKwAHTv//j//weABEAcFoDu/R////8AkACIwwLQvf/j//8fABIAcVgAuvd//P//A0ACIA4LQPf+j///fwBIAMRh' +
  'Aeje//H//w8ACYA4LADd+z/+//8BIAEQhwWge/83'

let client: Redis
const prefix = uniquePrefix('hostile')
beforeAll(async () => {
  client = new Redis(await getRedisUrl())
})
afterAll(async () => {
  await deleteKeysWithPrefix(await getRedisUrl(), prefix)
  client.disconnect()
})

function setUp(namespace: string) {
  const store = createRedisStore({ client, prefix, timeout: '30s' })
  const cache = createCache({ namespace, layers: [createMemoryStore(), store] })
  const reported: unknown[] = []
  cache.on('error', (event) => reported.push(event.error))
  const plant = (key: string, payload: string, version = 777) => {
    const now = Date.now()
    const envelope = encodeEnvelope({
      value: payload,
      version,
      createdAt: now,
      expiresAt: now + 60_000,
      staleUntil: now + 60_000,
    })
    return client.set(store.layout.entryKey(`${namespace}::${key}`), envelope, 'PX', 60_000)
  }
  return { store, cache, reported, plant }
}

const decodeFailures = (reported: unknown[]) =>
  reported.filter((error) => LayercacheError.hasCode(error, errors.DECODE_FAILED))

describe('hostile bytes under our prefix', () => {
  it('a decompression bomb is refused within maxValueBytes: a reported miss, and the loader replaces it', async () => {
    const { cache, reported, plant } = setUp('bomb')
    await plant('k', BROTLI_BOMB)
    const before = process.memoryUsage().arrayBuffers
    expect(await cache.get('k')).toBeUndefined()
    // Inflating it all would hold 256 MiB; the cap (8 MiB by default) stops long before.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024)
    expect(decodeFailures(reported)).toHaveLength(1)
    let loads = 0
    const load = () => {
      loads++
      return 'safe'
    }
    expect(await cache.getOrSet('k', load)).toBe('safe')
    expect(loads).toBe(1)
    const fresh = createCache({
      namespace: 'bomb',
      layers: [createRedisStore({ client, prefix, timeout: '30s' })],
    })
    expect(await fresh.get('k')).toBe('safe')
  })

  it('a valid envelope around a corrupt payload is a reported miss; getOrSet asks the loader and heals the key', async () => {
    const { cache, reported, plant } = setUp('corrupt')
    await plant('k', 'r{not json at all')
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.getOrSet('k', () => 'loaded')).toBe('loaded')
    expect(await cache.get('k')).toBe('loaded')
    expect(decodeFailures(reported).length).toBeGreaterThanOrEqual(1)
  })

  it('one key of the wrong type never fails a batch, and a load replaces it', async () => {
    const { store, cache, reported } = setUp('wrongtype')
    await cache.setBatch([
      { key: 'a', value: 1 },
      { key: 'c', value: 3 },
    ])
    await client.hset(store.layout.entryKey('wrongtype::b'), 'planted', 'hash')
    const fresh = createCache({
      namespace: 'wrongtype',
      layers: [createRedisStore({ client, prefix, timeout: '30s' })],
    })
    fresh.on('error', (event) => reported.push(event.error))
    expect(await fresh.getBatch(['a', 'b', 'c'])).toEqual([1, undefined, 3])
    expect(await fresh.get('b')).toBeUndefined()
    // MGET answers nothing for a key of another type; a single GET reports it.
    expect(decodeFailures(reported).length).toBeGreaterThanOrEqual(1)
    expect(await fresh.getOrSet('b', () => 2)).toBe(2)
    expect(await fresh.getBatch(['a', 'b', 'c'])).toEqual([1, 2, 3])
  })

  it('a tag record of the wrong type voids the entries carrying the tag and fails nothing else', async () => {
    const { store, cache } = setUp('badtag')
    await cache.setWithTags('tagged', 'x', ['t'])
    await cache.set('plain', 'y')
    await client.del(store.layout.tagKey('badtag:#t', 0))
    await client.set(store.layout.tagKey('badtag:#t', 0), 'planted')
    const fresh = createCache({
      namespace: 'badtag',
      layers: [createRedisStore({ client, prefix, timeout: '30s' })],
    })
    expect(await fresh.getBatch(['tagged', 'plain'])).toEqual([undefined, 'y'])
  })

  it('a planted value in another format or in none is a reported miss', async () => {
    const { store, cache, reported } = setUp('formats')
    await client.set(store.layout.entryKey('formats::future'), 'lc9:2:[]whatever')
    await client.set(store.layout.entryKey('formats::junk'), 'not ours')
    await client.set(store.layout.entryKey('formats::tomb'), 'lc2:t:notanumber')
    expect(await cache.getBatch(['future', 'junk', 'tomb'])).toEqual([undefined, undefined, undefined])
    expect(decodeFailures(reported)).toHaveLength(3)
    expect(await cache.getOrSet('junk', () => 'healed')).toBe('healed')
  })
})

describe('strings that Redis would not keep apart', () => {
  const lone = 'Ann😀'.slice(0, 4)
  const replaced = 'Ann\uFFFD'

  it('keys and tags with a lone surrogate are refused with a typed error on every call', async () => {
    const { cache } = setUp('surrogates')
    await cache.set(replaced, 'the replacement character is a real character')
    const refusals = [
      () => cache.get(lone),
      () => cache.getOrSet(lone, () => 'x'),
      () => cache.set(lone, 'x'),
      () => cache.has(lone),
      () => cache.delete(lone),
      () => cache.getBatch([lone]),
      () => cache.setWithTags('k', 'x', [lone]),
      () => cache.invalidateByTags([lone]),
    ]
    for (const refusal of refusals) {
      const error = await refusal().then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(LayercacheError.isInstance(error)).toBe(true)
      expect([errors.INVALID_KEY, errors.INVALID_TAG]).toContain((error as LayercacheError).code)
    }
    expect(await cache.get(replaced)).toBe('the replacement character is a real character')
  })

  it('the Redis store itself refuses them too, for entries, tags and script keys', async () => {
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    for (const call of [
      () => store.get(`surrogates::${lone}`),
      () => store.getTagStamps([lone]),
      () => store.deleteMany([lone]),
      () => store.run({ name: 'noop', lua: 'return 1', sha1: 'x', local: () => 1 }, [lone], []),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: errors.INVALID_KEY })
    }
  })
})
