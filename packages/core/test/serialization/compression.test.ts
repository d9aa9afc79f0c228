import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { errors } from '../../src/errors.js'
import {
  type CompressionAlgorithm,
  compressPayload,
  DEFAULT_COMPRESSION_THRESHOLD,
  decompressPayload,
  type ResolvedCompression,
  resolveCompression,
} from '../../src/serialization/compression.js'
import { thrownBy } from '../support/thrown-by.js'

const algorithms: CompressionAlgorithm[] = ['deflate', 'gzip', 'brotli']
const compressible = `j${JSON.stringify(Array.from({ length: 200 }, (_, id) => ({ id, name: 'same name', active: true })))}`

describe('resolveCompression', () => {
  it('applies defaults for undefined and true, and turns off for false', () => {
    const defaults = { threshold: DEFAULT_COMPRESSION_THRESHOLD, algorithm: 'deflate', level: 6 }
    expect(resolveCompression(undefined)).toStrictEqual(defaults)
    expect(resolveCompression(true)).toStrictEqual(defaults)
    expect(resolveCompression({})).toStrictEqual(defaults)
    expect(resolveCompression(false)).toBeUndefined()
    expect(resolveCompression({ algorithm: 'brotli' })).toStrictEqual({
      threshold: 1024,
      algorithm: 'brotli',
      level: 4,
    })
    expect(resolveCompression({ threshold: 0, algorithm: 'gzip', level: 9 })).toStrictEqual({
      threshold: 0,
      algorithm: 'gzip',
      level: 9,
    })
  })

  it('refuses options out of range with E_INVALID_OPTION', () => {
    const invalid = [
      { threshold: -1 },
      { threshold: Number.NaN },
      { threshold: '1kb' },
      { algorithm: 'zstd' },
      { algorithm: 'toString' },
      { level: 10 },
      { algorithm: 'brotli', level: 12 },
      { level: 1.5 },
      { level: -1 },
      'gzip',
    ]
    for (const options of invalid) {
      const error = thrownBy(() => resolveCompression(options as never))
      expect(error.code, JSON.stringify(options)).toBe(errors.INVALID_OPTION)
    }
  })
})

describe('compressPayload / decompressPayload', () => {
  it('stores payloads at or below the threshold raw', () => {
    const compression = resolveCompression({ threshold: 100 })
    expect(compressPayload('j1', compression)).toBe('rj1')
    expect(compressPayload('a'.repeat(100), compression)).toBe(`r${'a'.repeat(100)}`)
    expect(compressPayload('a'.repeat(101), compression).charAt(0)).toBe('d')
    expect(compressPayload(compressible, undefined)).toBe(`r${compressible}`)
  })

  it('measures the threshold in UTF-8 bytes', () => {
    const compression = resolveCompression({ threshold: 100 })
    expect(compressPayload('é'.repeat(50), compression).charAt(0)).toBe('r')
    expect(compressPayload('é'.repeat(51), compression).charAt(0)).toBe('d')
  })

  it('compresses large payloads with each algorithm and reads them back', () => {
    const prefixes: Record<CompressionAlgorithm, string> = { deflate: 'd', gzip: 'g', brotli: 'b' }
    for (const algorithm of algorithms) {
      const stored = compressPayload(compressible, resolveCompression({ algorithm }))
      expect(stored.charAt(0)).toBe(prefixes[algorithm])
      expect(stored.length).toBeLessThan(compressible.length / 4)
      expect(decompressPayload(stored)).toBe(compressible)
    }
  })

  it('stores raw when compression would not make the payload smaller', () => {
    const noise = `j${JSON.stringify(randomBytes(3000).toString('base64'))}`
    for (const algorithm of algorithms) {
      expect(compressPayload(noise, resolveCompression({ algorithm, threshold: 0 }))).toBe(`r${noise}`)
    }
  })

  it('stores text with unpaired surrogates raw, since UTF-8 cannot carry it', () => {
    const text = `${'x'.repeat(2000)}\ud800`
    const stored = compressPayload(text, resolveCompression(true))
    expect(stored).toBe(`r${text}`)
    expect(decompressPayload(stored)).toBe(text)
  })

  it('refuses unknown prefixes and corrupt data with E_DECODE_FAILED', () => {
    const deflated = compressPayload(compressible, resolveCompression(true))
    const gzipped = compressPayload(compressible, resolveCompression({ algorithm: 'gzip' }))
    const corrupted = [
      '',
      'x123',
      'jrest',
      'd',
      'dnot base64!',
      'dAAA',
      'b////',
      `g${gzipped.slice(1, 40)}`,
      `g${gzipped.slice(1, -8)}AAAAAAAA`,
      `d${deflated.slice(1, 30)}`,
      `b${Buffer.from('hello').toString('base64')}`,
    ]
    for (const stored of corrupted) {
      expect(thrownBy(() => decompressPayload(stored)).code, stored).toBe(errors.DECODE_FAILED)
    }
  })

  it('round-trips arbitrary unicode text with every algorithm and threshold (property)', () => {
    const settings: fc.Arbitrary<ResolvedCompression | undefined> = fc.option(
      fc
        .record({
          algorithm: fc.constantFrom(...algorithms),
          threshold: fc.constantFrom(0, 1, 16, 1024, Number.POSITIVE_INFINITY),
        })
        .map((options) => resolveCompression(options)),
      { nil: undefined },
    )
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme', maxLength: 50 }).map((part) => part.repeat(40)),
      fc.string({ unit: 'binary-ascii', minLength: 1000, maxLength: 3000 }),
    )
    fc.assert(
      fc.property(text, settings, (payload, compression) => {
        expect(decompressPayload(compressPayload(payload, compression))).toBe(payload)
      }),
      { numRuns: 300 },
    )
  })
})
