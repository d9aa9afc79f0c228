import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { errors } from '../../src/errors.js'
import { jsonSerializer, typedJsonSerializer } from '../../src/serialization/serializer.js'
import { thrownBy } from '../support/thrown-by.js'

const { serialize, deserialize } = typedJsonSerializer

function bytesOf(view: ArrayBufferView | ArrayBuffer): number[] {
  return ArrayBuffer.isView(view)
    ? [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)]
    : [...new Uint8Array(view)]
}

// Stricter than "looks equal": -0 is not 0, a missing key is not an undefined one, a Buffer is not
// a Uint8Array, and key order counts, all of which a cache must preserve.
function deepSame(left: unknown, right: unknown): boolean {
  if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null) {
    return Object.is(left, right)
  }
  if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return false
  if (left instanceof Date) return Object.is(left.getTime(), (right as Date).getTime())
  if (left instanceof RegExp)
    return left.source === (right as RegExp).source && left.flags === (right as RegExp).flags
  if (left instanceof Map || left instanceof Set) {
    return deepSame([...left], [...(right as Map<unknown, unknown> | Set<unknown>)])
  }
  if (ArrayBuffer.isView(left) || left instanceof ArrayBuffer) {
    return deepSame(bytesOf(left), bytesOf(right as ArrayBuffer))
  }
  const leftKeys = Object.keys(left)
  const rightKeys = Object.keys(right)
  if (leftKeys.length !== rightKeys.length || (Array.isArray(left) && left.length !== (right as []).length))
    return false
  return leftKeys.every(
    (key, index) =>
      key === rightKeys[index] &&
      deepSame((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]),
  )
}

function roundTrip(value: unknown): unknown {
  return deserialize(serialize(value))
}

function expectRoundTrip(value: unknown): void {
  const decoded = roundTrip(value)
  expect(deepSame(decoded, value), `${serialize(value)} decoded differently`).toBe(true)
}

function objectFrom(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, value] of entries) {
    Object.defineProperty(result, key, { value, writable: true, enumerable: true, configurable: true })
  }
  return result
}

const awkwardKeys = fc.constantFrom(
  '$t',
  '$$t',
  '$',
  '$$',
  'v',
  'f',
  '$v',
  '__proto__',
  'constructor',
  'toString',
  '',
)
const { tree } = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.date(),
    fc.uint8Array(),
    fc.uint8Array().map((bytes) => Buffer.from(bytes)),
    fc.float64Array(),
    fc.bigInt64Array(),
    fc.int16Array(),
    fc.constantFrom(/a+b/gi, /^x$/mu, /(?<year>\d{4})/y),
  ),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('tree')),
    fc.array(fc.tuple(fc.oneof(fc.string(), awkwardKeys), tie('tree'))).map(objectFrom),
    fc.array(fc.tuple(tie('tree'), tie('tree'))).map((entries) => new Map(entries)),
    fc.array(tie('tree')).map((elements) => new Set(elements)),
  ),
}))

describe('typedJsonSerializer', () => {
  it('is checked with an equality that tells -0, undefined keys and Buffers apart', () => {
    expect(deepSame(-0, 0)).toBe(false)
    expect(deepSame(Number.NaN, Number.NaN)).toBe(true)
    expect(deepSame({ a: undefined }, {})).toBe(false)
    expect(deepSame({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false)
    expect(deepSame(Buffer.from([1]), new Uint8Array([1]))).toBe(false)
    expect(deepSame(new Map([[1, { a: -0 }]]), new Map([[1, { a: 0 }]]))).toBe(false)
    expect(deepSame(new Float64Array([-0]), new Float64Array([0]))).toBe(false)
    expect(deepSame([undefined], [])).toBe(false)
  })

  it('is named typed-json', () => {
    expect(typedJsonSerializer.name).toBe('typed-json')
  })

  it('writes plain JSON data compactly with the j prefix', () => {
    expect(serialize({ id: 1, tags: ['a'], ok: true, none: null })).toBe(
      'j{"id":1,"tags":["a"],"ok":true,"none":null}',
    )
    expect(serialize('text')).toBe('j"text"')
    expect(serialize({ $t: 'Date', v: 0 })).toBe('j{"$t":"Date","v":0}')
    expect(roundTrip({ $t: 'Date', v: 0 })).toStrictEqual({ $t: 'Date', v: 0 })
  })

  it('tags special values with the t prefix', () => {
    expect(serialize({ at: new Date(0) })).toBe('t{"at":{"$t":"Date","v":0}}')
    expect(serialize([undefined, -0])).toBe('t[{"$t":"undefined"},{"$t":"Number","v":"-0"}]')
    expect(serialize({ $id: 1n })).toBe('t{"$$id":{"$t":"BigInt","v":"1"}}')
  })

  it('round-trips every supported type', () => {
    const samples: unknown[] = [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      123456789012345678901234567890n,
      -5n,
      new Date(1_700_000_000_000),
      new Date(Number.NaN),
      new Map<unknown, unknown>([
        [1, 'one'],
        [{ id: 1 }, new Set([1n])],
        [undefined, null],
      ]),
      new Set(['a', new Date(0)]),
      /a+b\/c/gimsuy,
      new Uint8Array([0, 255]),
      Buffer.from('hello'),
      new Uint8Array([1, 2, 3, 4]).subarray(1, 3),
      new Float64Array([Number.NaN, -0, 1.5]),
      new BigUint64Array([2n ** 64n - 1n]),
      new Uint8ClampedArray([7]),
      new Uint8Array([5, 6, 7]).buffer,
      new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
      { missing: undefined, list: [undefined, 1], nested: { deep: [[new Date(5)]] } },
      { $t: 'Date', v: 1, $$: 2, $: { $t: 3 }, when: new Date(0) },
    ]
    for (const sample of samples) expectRoundTrip(sample)
  })

  it('refuses holes instead of bringing them back as undefined', () => {
    const holey: unknown[] = [1]
    holey[2] = 3
    expect(thrownBy(() => serialize(holey)).code).toBe(errors.UNSERIALIZABLE_VALUE)
    expect(roundTrip([1, undefined, 3])).toStrictEqual([1, undefined, 3])
  })

  it('brings a Buffer back as a Buffer and a Uint8Array as a Uint8Array', () => {
    expect(Buffer.isBuffer(roundTrip(Buffer.from('x')))).toBe(true)
    expect(Buffer.isBuffer(roundTrip(new Uint8Array([1])))).toBe(false)
  })

  it('decodes Buffer as Uint8Array where the runtime has no Buffer', async () => {
    vi.stubGlobal('Buffer', undefined)
    vi.resetModules()
    const module = await import('../../src/serialization/serializer.js')
    vi.unstubAllGlobals()
    const decoded = module.typedJsonSerializer.deserialize(serialize({ raw: Buffer.from([1, 2, 250]) }))
    expect((decoded as { raw: unknown }).raw).toStrictEqual(new Uint8Array([1, 2, 250]))
    expect(module.typedJsonSerializer.serialize(new Uint8Array([1, 2, 250]))).toBe(
      serialize(new Uint8Array([1, 2, 250])),
    )
  })

  it('round-trips arbitrary values, including awkward keys (property)', () => {
    fc.assert(
      fc.property(tree, (value) => deepSame(roundTrip(value), value)),
      { numRuns: 300 },
    )
  })

  it('never changes a prototype when decoding __proto__ keys', () => {
    const payloads = [
      'j{"__proto__":{"polluted":true}}',
      't{"__proto__":{"polluted":true},"gap":{"$t":"undefined"}}',
      't{"$$escaped":1,"__proto__":{"polluted":true}}',
      't{"$t":"Map","v":[["__proto__",{"polluted":true}]]}',
      't[{"__proto__":{"polluted":true,"x":{"$t":"BigInt","v":"1"}}}]',
    ]
    for (const payload of payloads) {
      const decoded = deserialize(payload)
      const holder = (Array.isArray(decoded) ? decoded[0] : decoded) as Record<string, unknown>
      if (!(holder instanceof Map)) {
        expect(Object.getPrototypeOf(holder)).toBe(Object.prototype)
        expect(Object.hasOwn(holder, '__proto__')).toBe(true)
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    }
    expectRoundTrip(JSON.parse('{"__proto__":{"a":1},"when":{"__proto__":1}}'))
  })

  it('refuses malformed payloads with E_DECODE_FAILED', () => {
    const payloads = [
      '',
      'x{}',
      '{"a":1}',
      'j{',
      't{"$t":"Nope"}',
      't{"$t":"Date","v":"yesterday"}',
      't{"$t":"Number","v":"1"}',
      't{"$t":"BigInt","v":"1.5"}',
      't{"$t":"Uint8Array","v":"!!!!"}',
      't{"$t":"Float64Array","v":"AAAA"}',
      't{"$t":"__proto__","v":"AAAA"}',
      't{"$t":"constructor","v":"AAAA"}',
      't{"$t":"RegExp","v":"(","f":""}',
      't{"$t":"RegExp","v":"a"}',
      't{"$t":"Map","v":[[1]]}',
      't{"$t":"Set","v":{}}',
      't{"$single":1}',
    ]
    for (const payload of payloads) {
      expect(thrownBy(() => deserialize(payload)).code, payload).toBe(errors.DECODE_FAILED)
    }
    expect(thrownBy(() => deserialize(undefined as unknown as string)).code).toBe(errors.DECODE_FAILED)
  })

  it('refuses what the snapshot refuses, naming the path', () => {
    class Point {
      x = 1
    }
    const circular: Record<string, unknown> = { list: [] }
    ;(circular.list as unknown[]).push(circular)
    const cases: [unknown, string][] = [
      [{ user: { friends: [1, 2, () => 3] } }, 'value.user.friends[2] is a function'],
      [Symbol('s'), 'value is a symbol'],
      [{ tag: new Map([['k', Symbol('s')]]) }, 'value.tag.get("k") is a symbol'],
      [circular, 'value.list[0] is a circular reference to value'],
      [{ at: new Point() }, 'value.at is an instance of class Point'],
      [{ failure: new Error('x') }, 'value.failure is an Error'],
      [{ pending: Promise.resolve() }, 'is a Promise'],
      [[new WeakMap()], 'value[0] is a WeakMap'],
      [new WeakSet(), 'is a WeakSet'],
    ]
    for (const [value, message] of cases) {
      const error = thrownBy(() => serialize(value))
      expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
      expect(error.message).toContain(message)
    }
  })
})

describe('jsonSerializer', () => {
  it('reads and writes plain JSON, losing types', () => {
    expect(jsonSerializer.name).toBe('json')
    expect(jsonSerializer.serialize({ at: new Date(0), gone: undefined })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z"}',
    )
    expect(jsonSerializer.deserialize('{"a":[1]}')).toStrictEqual({ a: [1] })
  })

  it('refuses what JSON cannot write and what is not JSON', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    for (const value of [undefined, () => 1, 1n, circular]) {
      expect(thrownBy(() => jsonSerializer.serialize(value)).code).toBe(errors.UNSERIALIZABLE_VALUE)
    }
    expect(thrownBy(() => jsonSerializer.deserialize('{nope')).code).toBe(errors.DECODE_FAILED)
  })
})
