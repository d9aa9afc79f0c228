import { afterEach, describe, expect, it, vi } from 'vitest'
import { assertKey, assertKeys, checkTags, isWellFormedKey } from '../src/cache/validation.js'
import { errors, LayercacheError } from '../src/errors.js'

// Cache.get and Cache.getOrSet check keys inline and only call assertKey when that check fails, so
// these unit tests stand in for them until their inline check also asks isWellFormedKey.

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (LayercacheError.isInstance(error)) return error.code
    throw error
  }
  return undefined
}

const wellFormed = ['k', 'Ann😀', '😀', 'Zoë', '鍵', '\ufffd', 'x'.repeat(200)]
const notWellFormed = [
  'Ann😀'.slice(0, 4),
  '\ud800',
  '\udfff',
  'a\udc00b',
  '\ud800\ud800',
  `${'😀'.slice(1)}😀`,
]

describe('isWellFormedKey', () => {
  it('tells lone surrogates from pairs', () => {
    for (const key of wellFormed) expect(isWellFormedKey(key), JSON.stringify(key)).toBe(true)
    for (const key of notWellFormed) expect(isWellFormedKey(key), JSON.stringify(key)).toBe(false)
  })

  it('uses the native String.prototype.isWellFormed on Node 20', () => {
    expect(typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed).toBe('function')
  })

  describe('without String.prototype.isWellFormed (older runtimes)', () => {
    afterEach(() => {
      vi.restoreAllMocks()
      vi.resetModules()
    })

    it('falls back to a regular expression with the same answers', async () => {
      const native = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed')!
      delete (String.prototype as { isWellFormed?: unknown }).isWellFormed
      let fallback: typeof isWellFormedKey
      try {
        vi.resetModules()
        fallback = (await import('../src/cache/validation.js')).isWellFormedKey
      } finally {
        Object.defineProperty(String.prototype, 'isWellFormed', native)
      }
      for (const key of wellFormed) expect(fallback(key), JSON.stringify(key)).toBe(true)
      for (const key of notWellFormed) expect(fallback(key), JSON.stringify(key)).toBe(false)
    })
  })
})

describe('assertKey (what get and getOrSet will refuse once their inline check asks isWellFormedKey)', () => {
  it('refuses keys that are not well-formed Unicode with E_INVALID_KEY', () => {
    for (const key of notWellFormed) {
      expect(
        codeOf(() => assertKey(key, 250)),
        JSON.stringify(key),
      ).toBe(errors.INVALID_KEY)
      expect(
        codeOf(() => assertKeys(['fine', key], 250)),
        JSON.stringify(key),
      ).toBe(errors.INVALID_KEY)
    }
    for (const key of wellFormed) expect(codeOf(() => assertKey(key, 250))).toBeUndefined()
  })

  it('says where the lone surrogate is', () => {
    expect(() => assertKey('user:Ann😀'.slice(0, 9), 250)).toThrow(
      'a key must be well-formed Unicode, got "user:Ann\\ud83d" with a lone surrogate at index 8',
    )
  })

  it('still reports length before well-formedness', () => {
    expect(() => assertKey(`${'x'.repeat(20)}\ud800`, 10)).toThrow('at most 10 characters')
  })
})

describe('checkTags', () => {
  it('refuses tags that are not well-formed Unicode with E_INVALID_TAG', () => {
    for (const tag of notWellFormed) {
      expect(
        codeOf(() => checkTags(['fine', tag])),
        JSON.stringify(tag),
      ).toBe(errors.INVALID_TAG)
    }
    expect(checkTags(wellFormed)).toEqual(wellFormed)
  })
})
