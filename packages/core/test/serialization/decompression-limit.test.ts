import { deflateRawSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { errors } from '../../src/errors.js'
import {
  type CompressionAlgorithm,
  compressPayload,
  decompressPayload,
  resolveCompression,
} from '../../src/serialization/compression.js'
import { thrownBy } from '../support/thrown-by.js'

// 405 bytes of brotli (quality 4) that inflate to 256 MiB of zero bytes, as a stored payload ('b' +
// base64, 541 characters). Made once by streaming 256 chunks of 1 MiB through
// zlib.createBrotliCompress, so the test never has to build the 256 MiB it stands for.
const BROTLI_BOMB =
  'by///PwAkAOKxQHLv//j//weABEAcFoDu/R////8AkACIwwLQvf/j//8fABIAcVgAuvd//P//A0ACIA4LQPf+j///fwBIAMRhAeje' +
  '//H//w8ACYA4LADd+z/+//8BIAEQhwWge//H//8/ACQA4rAAdO//+P//B4AEQBwWgO79H////wCQAIjDAtC9/+P//x8AEgBxWAC6' +
  '93/8//8DQAIgDgtA9/6P//9/AEgAxGEB6N7/8f//DwAJgDgsAN37P/7//wEgARCHBaB7/8f//z8AJADisAB07//4//8HgARAHBaA' +
  '7v0f////AJAAiMMC0L3/4///HwASAHFYALr3f/z//wNAAiAOC0D3/o///38ASADEYQHo3v/x//8PAAmAOCwA3fs//v//ASABEIcF' +
  'oHv/x///PwAkAOKwAHTv//j//weABEAcFoDu/R////8AkACIwwLQvf/j//8fABIAcVgAuvd//P//A0ACIA4LQPf+j///fwBIAMRh' +
  'Aeje//H//w8ACYA4LADd+z/+//8BIAEQhwWge/83'
const MEBIBYTE = 1024 * 1024

function storedWith(algorithm: CompressionAlgorithm, text: string): string {
  const stored = compressPayload(text, resolveCompression({ algorithm, threshold: 0 }))
  expect(stored.charAt(0)).not.toBe('r')
  return stored
}

describe('decompressPayload with a size limit', () => {
  it('refuses a 541-character brotli bomb (256 MiB inflated) without inflating it', () => {
    expect(BROTLI_BOMB.length).toBe(541)
    const arrayBuffersBefore = process.memoryUsage().arrayBuffers
    const error = thrownBy(() => decompressPayload(BROTLI_BOMB, MEBIBYTE))
    const grownBy = process.memoryUsage().arrayBuffers - arrayBuffersBefore
    expect(error.code).toBe(errors.DECODE_FAILED)
    expect(error.message).toContain(`${MEBIBYTE} bytes`)
    // Inflating it all would hold 256 MiB (and then a 256 M-character string); the limit stops at 1 MiB.
    expect(grownBy).toBeLessThan(32 * MEBIBYTE)
  })

  it('refuses deflate and gzip bombs the same way', () => {
    const zeros = Buffer.alloc(2 * MEBIBYTE)
    const bombs = [
      `d${deflateRawSync(zeros).toString('base64')}`,
      `g${gzipSync(zeros).toString('base64')}`,
      // Two gzip members: gunzip inflates both, and the limit covers their sum.
      `g${Buffer.concat([gzipSync(zeros.subarray(0, MEBIBYTE)), gzipSync(zeros.subarray(0, MEBIBYTE))]).toString('base64')}`,
    ]
    for (const bomb of bombs) {
      const error = thrownBy(() => decompressPayload(bomb, MEBIBYTE))
      expect(error.code, bomb.slice(0, 20)).toBe(errors.DECODE_FAILED)
      expect(error.message).toContain(`more than ${MEBIBYTE} bytes`)
    }
  })

  it('accepts a payload of exactly the limit and refuses one byte more, with every algorithm', () => {
    const text = 'j'.padEnd(5_000, 'abc')
    for (const algorithm of ['deflate', 'gzip', 'brotli'] as const) {
      const stored = storedWith(algorithm, text)
      expect(decompressPayload(stored, 5_000), algorithm).toBe(text)
      expect(thrownBy(() => decompressPayload(stored, 4_999)).code, algorithm).toBe(errors.DECODE_FAILED)
    }
  })

  it('measures the limit in UTF-8 bytes, the same for raw and compressed payloads', () => {
    const text = 'é'.repeat(2_000) // 4,000 bytes in UTF-8
    for (const stored of [`r${text}`, storedWith('deflate', text)]) {
      expect(decompressPayload(stored, 4_000)).toBe(text)
      const error = thrownBy(() => decompressPayload(stored, 3_999))
      expect(error.code).toBe(errors.DECODE_FAILED)
      expect(error.message).toContain('3999 bytes')
    }
  })

  it('refuses everything but an empty payload with a limit of 0', () => {
    expect(decompressPayload('r', 0)).toBe('')
    expect(thrownBy(() => decompressPayload('rj1', 0)).code).toBe(errors.DECODE_FAILED)
    expect(thrownBy(() => decompressPayload(`g${gzipSync('j1').toString('base64')}`, 0)).code).toBe(
      errors.DECODE_FAILED,
    )
  })

  it('has no limit when none (or Infinity) is given, as before', () => {
    const text = 'j'.padEnd(3 * MEBIBYTE, 'x')
    const stored = storedWith('deflate', text)
    expect(decompressPayload(stored)).toBe(text)
    expect(decompressPayload(stored, undefined)).toBe(text)
    expect(decompressPayload(stored, Number.POSITIVE_INFINITY)).toBe(text)
  })

  it('refuses a limit that is not a whole number of bytes with E_INVALID_OPTION', () => {
    for (const maxBytes of [-1, 1.5, Number.NaN, '1024' as unknown as number]) {
      const error = thrownBy(() => decompressPayload('rj1', maxBytes))
      expect(error.code, String(maxBytes)).toBe(errors.INVALID_OPTION)
    }
  })

  it('still reports corrupt data as corrupt, not as too large', () => {
    const stored = storedWith('gzip', 'j'.padEnd(5_000, 'abc'))
    const error = thrownBy(() => decompressPayload(`g${stored.slice(1, 40)}`, 10_000))
    expect(error.code).toBe(errors.DECODE_FAILED)
    expect(error.message).not.toContain('10000 bytes')
  })
})
