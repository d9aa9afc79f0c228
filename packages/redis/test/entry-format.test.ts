import { createCache, errors, LayercacheError } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'
import { decodeEnvelope, encodeEnvelope } from '../src/store/entry-envelope.js'

let client: Redis
const prefix = uniquePrefix('format')
beforeAll(async () => {
  client = new Redis(await getRedisUrl())
})
afterAll(async () => {
  await deleteKeysWithPrefix(await getRedisUrl(), prefix)
  client.disconnect()
})

describe('entry format', () => {
  it('physical TTL in Redis is ttl + grace', async () => {
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    const cache = createCache({ namespace: 'ttl', layers: [store], grace: 20 })
    await cache.set('k', 'v', 10)
    const pttl = await client.pttl(store.layout.entryKey('ttl::k'))
    expect(pttl).toBeGreaterThan(29_000)
    expect(pttl).toBeLessThanOrEqual(30_000)
  })

  it('round-trips times, tags and unicode in the header', () => {
    const entry = {
      value: 'payload|with:colons',
      createdAt: 1.5,
      expiresAt: Number.POSITIVE_INFINITY,
      staleUntil: Number.POSITIVE_INFINITY,
      tags: ['ns:#ünïcødé', 'ns:#{x}'],
      mutable: true,
    }
    expect(decodeEnvelope(encodeEnvelope(entry))).toMatchObject({ ...entry, size: entry.value.length })
  })

  it('reads every header the same whether it is scanned or parsed as JSON', () => {
    // The common headers are scanned by hand; anything else goes through JSON.parse. Both must agree
    // with what the header says, for every shape the encoder writes and for ones it never writes.
    const times = [0, 1, 7, 1_796_225_987_612, Number.MAX_SAFE_INTEGER, 1.5, 2e-7, 1e21]
    const versions = [undefined, 1, 42, 5_996_094_059_147_212, Number.MAX_SAFE_INTEGER]
    for (const version of versions) {
      for (const createdAt of times) {
        for (const expiresAt of [...times, Number.POSITIVE_INFINITY]) {
          for (const tags of [undefined, ['default:#users'], ['a', 'b,"c"]', 'null,0]']]) {
            const entry = {
              value: 'rj{"id":1}',
              version,
              createdAt,
              expiresAt,
              staleUntil: expiresAt,
              tags,
              mutable: createdAt === 7,
            }
            expect(decodeEnvelope(encodeEnvelope(entry))).toEqual({ ...entry, size: entry.value.length })
          }
        }
      }
    }
  })

  it('reads a header that is not in the common shape exactly as JSON says, or as unreadable', () => {
    const header = (text: string) => `lc2:${text.length}:${text}rj1`
    // Forms the encoder never writes but JSON allows: read for what they say.
    expect(decodeEnvelope(header('[3,10,20,30,[],0]'))).toMatchObject({ version: 3, createdAt: 10, tags: [] })
    expect(decodeEnvelope(header('[3,10,20,30,null,0,"extra"]'))).toMatchObject({
      version: 3,
      staleUntil: 30,
    })
    expect(decodeEnvelope(header('[3, 10,20,30,null,1]'))).toMatchObject({ createdAt: 10, mutable: true })
    expect(decodeEnvelope(header('[3,010,20,30,null,0]'))).toMatchObject({ absent: true })
    expect(decodeEnvelope(header('[90071992547409930,10,20,30,null,0]'))).toMatchObject({
      // The scanner reads digits as JSON.parse does, rounding alike past 2^53.
      version: JSON.parse('90071992547409930'),
    })
    // Corrupt ones: unreadable, never a guess.
    for (const corrupt of [
      '[3,10,20,30,null,0',
      '[3,10,20,30,nul,0]',
      '[3,10,20,30,["a",0]',
      '[3,,20,30,null,0]',
    ])
      expect(decodeEnvelope(header(corrupt))).toMatchObject({
        absent: true,
        error: expect.any(LayercacheError),
      })
  })

  it('detects a future format instead of misreading it, and reports it', async () => {
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    const cache = createCache({ namespace: 'future', layers: [store] })
    await client.set(store.layout.entryKey('future::k'), 'lc3:2:[]something else')
    await client.set(store.layout.entryKey('future::junk'), 'not ours')
    const reported: unknown[] = []
    cache.on('error', (event) => reported.push(event.error))
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.get('junk')).toBeUndefined()
    expect(reported.every((error) => LayercacheError.hasCode(error, errors.DECODE_FAILED))).toBe(true)
    expect(reported).toHaveLength(2)
    const read = await store.get('future::k')
    expect(read).toMatchObject({ absent: true })
    expect(String((read as { error?: Error }).error?.message)).toMatch(/format lc3/)
  })
})

describe('security', () => {
  it('never puts a Redis password or an Upstash token in errors', async () => {
    const locked = new Redis('redis://someone:hunter2-secret@127.0.0.1:1/0', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    })
    locked.on('error', () => {})
    const cache = createCache({
      namespace: 'secret',
      layers: [createRedisStore({ client: locked, timeout: '200ms' })],
    })
    const seen: string[] = []
    cache.on('error', (event) =>
      seen.push(String((event.error as Error).message), String((event.error as Error).cause)),
    )
    await cache.get('k')
    await cache.set('k', 1)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.join('\n')).not.toContain('hunter2')
    locked.disconnect()
  })

  it('keeps keys inside their prefix, whatever they contain', async () => {
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    const cache = createCache({ namespace: 'inside', layers: [store] })
    await cache.set('*', 'star')
    await cache.set('../../x', 'dots')
    const keys = await client.keys(`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`)
    expect(keys.every((key) => key.startsWith(prefix))).toBe(true)
    await cache.deleteByPrefix('*')
    expect(await cache.get('../../x')).toBe('dots')
  })
})
