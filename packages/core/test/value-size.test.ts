import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCache, createMemoryStore, errors, typedJsonSerializer } from '../src/index.js'
import { DEFAULT_MAX_VALUE_BYTES } from '../src/memory/memory-store-options.js'
import { utf8ByteLength } from '../src/serialization/binary.js'

const MiB = 1024 * 1024

// The two forms a value takes: a frozen copy (the default memory store) and a payload (a store that
// serializes, as Redis does). Both are held to the same limit, counted in UTF-8 bytes.
const layerKinds = [
  ['a memory store', () => createMemoryStore()],
  ['a serializing store', () => createMemoryStore({ serialize: true, name: 'serializing' })],
] as const

/** A plain object of about `bytes` bytes of JSON, made of many small records. */
function objectOf(bytes: number): Record<string, unknown> {
  const records: Record<string, unknown>[] = []
  const record = { id: 123_456, name: 'a name of some length', email: 'someone@example.com', active: true }
  const recordBytes = Buffer.byteLength(JSON.stringify(record)) + 1
  for (let index = 0; index < bytes / recordBytes; index++) records.push({ ...record, id: 100_000 + index })
  return { records }
}

describe.each(layerKinds)('the size limit of %s, in UTF-8 bytes', (_, makeLayer) => {
  it('is 8 MiB by default', () => {
    expect(makeLayer().maxValueBytes).toBe(DEFAULT_MAX_VALUE_BYTES)
    expect(DEFAULT_MAX_VALUE_BYTES).toBe(8 * MiB)
  })

  it('accepts a 7 MiB ASCII string', async () => {
    const cache = createCache({ namespace: 'sizes', layers: [makeLayer()] })
    const text = 'a'.repeat(7 * MiB)
    await cache.set('text', text)
    expect(await cache.get('text')).toBe(text)
    await cache.close()
  })

  it('refuses 5 million 2-byte characters (10 MB of UTF-8), keeping the old value', async () => {
    const cache = createCache({ namespace: 'sizes', layers: [makeLayer()] })
    await cache.set('text', 'old')
    const text = 'é'.repeat(5_000_000)
    expect(Buffer.byteLength(text)).toBe(10_000_000)
    await expect(cache.set('text', text)).rejects.toMatchObject({ code: errors.VALUE_TOO_LARGE })
    expect(await cache.get('text')).toBe('old')
    await cache.close()
  })

  it('refuses a 10 MB object', async () => {
    const cache = createCache({ namespace: 'sizes', layers: [makeLayer()] })
    const value = objectOf(10_000_000)
    expect(Buffer.byteLength(JSON.stringify(value))).toBeGreaterThan(10_000_000)
    await expect(cache.set('object', value)).rejects.toMatchObject({ code: errors.VALUE_TOO_LARGE })
    expect(await cache.has('object')).toBe(false)
    await cache.close()
  })

  it('stops reading a value once it is past the limit', async () => {
    const cache = createCache({ namespace: 'sizes', layers: [makeLayer()] })
    let laterReads = 0
    const value = {
      first: 'x'.repeat(9 * MiB),
      get later() {
        laterReads++
        return 'never needed'
      },
    }
    await expect(cache.set('big', value)).rejects.toMatchObject({ code: errors.VALUE_TOO_LARGE })
    expect(laterReads).toBe(0)
    await cache.close()
  })

  it('names the layer whose limit refused the value', async () => {
    const layer = makeLayer()
    const cache = createCache({ namespace: 'sizes', layers: [layer] })
    await expect(cache.set('big', objectOf(9 * MiB))).rejects.toThrow(`of layer '${layer.name}'`)
    await cache.close()
  })
})

describe('a cache with several layers', () => {
  it('holds a value to the smallest limit among them', async () => {
    const cache = createCache({
      namespace: 'sizes',
      layers: [
        createMemoryStore(),
        createMemoryStore({ serialize: true, maxValueBytes: 1_000, name: 'small' }),
      ],
    })
    await expect(cache.set('k', 'x'.repeat(2_000))).rejects.toThrow("of layer 'small'")
    await cache.set('k', 'x'.repeat(900))
    expect(await cache.get('k')).toBe('x'.repeat(900))
    await cache.close()
  })
})

describe('utf8ByteLength', () => {
  it('counts what Buffer.byteLength counts, lone surrogates included', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constant('\ud800'),
        fc.constant('\udc00'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 80,
    })
    fc.assert(
      fc.property(text, (value) => {
        expect(utf8ByteLength(value)).toBe(Buffer.byteLength(value, 'utf8'))
      }),
      { numRuns: 2_000 },
    )
  })
})

describe('typedJsonSerializer with a size limit', () => {
  const values = fc.oneof(
    fc.jsonValue(),
    fc.anything({
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withBigInt: true,
      withNullPrototype: true,
      withSparseArray: false,
      withObjectString: false,
      withBoxedValues: false,
    }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  )

  it('never refuses a value whose payload fits', () => {
    fc.assert(
      fc.property(values, (value) => {
        const payload = typedJsonSerializer.serialize(value)
        const bytes = Buffer.byteLength(payload)
        expect(typedJsonSerializer.serialize(value, bytes)).toBe(payload)
      }),
      { numRuns: 500 },
    )
  })

  it('holds a serializing store to exactly its limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        values.filter((value) => value !== undefined),
        async (value) => {
          const bytes = Buffer.byteLength(typedJsonSerializer.serialize(value))
          const fits = createCache({ layers: [createMemoryStore({ serialize: true, maxValueBytes: bytes })] })
          await fits.set('k', value)
          expect(await fits.has('k')).toBe(true)
          const under = createCache({
            layers: [createMemoryStore({ serialize: true, maxValueBytes: bytes - 1 })],
          })
          await expect(under.set('k', value)).rejects.toMatchObject({ code: errors.VALUE_TOO_LARGE })
          await Promise.all([fits.close(), under.close()])
        },
      ),
      { numRuns: 200 },
    )
  })
})
