import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { errors, LayercacheError } from '../../src/errors.js'
import { cloneValue, snapshotValue } from '../../src/serialization/value-snapshot.js'
import { thrownBy } from '../support/thrown-by.js'

function expectRefused(value: unknown, messagePart: string | RegExp): void {
  const error = thrownBy(() => snapshotValue(value))
  expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
  expect(error.message).toMatch(messagePart)
}

// Every plain object and array reachable without going through a Map or Set key/value is frozen.
function expectDeepFrozen(value: unknown): void {
  if (typeof value !== 'object' || value === null) return
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null && !Array.isArray(value)) return
  expect(Object.isFrozen(value)).toBe(true)
  for (const child of Object.values(value)) expectDeepFrozen(child)
}

describe('snapshotValue', () => {
  it('returns primitives as they are', () => {
    for (const value of ['text', 42, Number.NaN, -0, 10n, true, null, undefined]) {
      const snapshot = snapshotValue(value)
      expect(Object.is(snapshot.value, value)).toBe(true)
      expect(snapshot.mutable).toBe(false)
      expect(snapshot.bytes).toBeGreaterThan(0)
    }
  })

  it('copies and deeply freezes plain objects and arrays', () => {
    const input = { user: { name: 'Ada', tags: ['a', { deep: [1, 2] }] }, missing: undefined }
    const snapshot = snapshotValue(input)
    expect(snapshot.value).toStrictEqual(input)
    expect(snapshot.value).not.toBe(input)
    expect(snapshot.mutable).toBe(false)
    expectDeepFrozen(snapshot.value)
    expect(Object.isFrozen(input)).toBe(false)
    expect(Object.hasOwn(snapshot.value as object, 'missing')).toBe(true)
  })

  it('is isolated from later changes to the input', () => {
    const input = { list: [1, 2], nested: { count: 1 } }
    const { value } = snapshotValue(input)
    input.list.push(3)
    input.nested.count = 99
    expect(value).toStrictEqual({ list: [1, 2], nested: { count: 1 } })
  })

  it('throws on writes to the frozen copy (strict mode)', () => {
    const copy = snapshotValue({ list: [1], nested: { count: 1 } }).value as {
      list: number[]
      nested: { count: number }
    }
    expect(() => {
      copy.nested.count = 2
    }).toThrow(TypeError)
    expect(() => copy.list.push(2)).toThrow(TypeError)
  })

  it('keeps null prototypes and undefined elements', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
    const list: unknown[] = [1, undefined]
    list[2] = undefined
    const copy = snapshotValue({ bare, list }).value as { bare: object; list: unknown[] }
    expect(Object.getPrototypeOf(copy.bare)).toBe(null)
    expect(copy.list).toStrictEqual([1, undefined, undefined])
    expect(1 in copy.list).toBe(true)
  })

  it('copies a __proto__ key as an own property without touching prototypes', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object
    const copy = snapshotValue(input).value as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toStrictEqual({ polluted: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('copies every supported built-in and marks the snapshot mutable', () => {
    const samples: unknown[] = [
      new Date(1_700_000_000_000),
      new Date(Number.NaN),
      new Map<unknown, unknown>([
        [{ k: 1 }, [1]],
        ['b', new Set([1])],
      ]),
      new Set([1, 'a', { x: 1 }]),
      /a+b/gi,
      new Uint8Array([1, 2, 3]),
      Buffer.from('hello'),
      new Float64Array([1.5, Number.NaN, -0]),
      new BigInt64Array([1n, -2n]),
      new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3),
      new Uint8Array([9, 8, 7]).buffer,
      new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
    ]
    for (const sample of samples) {
      const snapshot = snapshotValue({ sample })
      const copy = (snapshot.value as { sample: unknown }).sample
      expect(copy).toStrictEqual(sample)
      expect(copy).not.toBe(sample)
      expect(snapshot.mutable).toBe(true)
    }
  })

  it('keeps Buffers as Buffers with their own memory', () => {
    const input = Buffer.from('abc')
    const copy = snapshotValue(input).value as Buffer
    expect(Buffer.isBuffer(copy)).toBe(true)
    expect(copy.buffer.byteLength).toBe(3)
    input[0] = 0
    expect(copy.toString()).toBe('abc')
  })

  it('estimates bytes from the content, strings in UTF-8 bytes', () => {
    const small = snapshotValue({ text: 'a' }).bytes
    expect(snapshotValue({ text: 'a'.repeat(10_000) }).bytes - small).toBe(9_999)
    expect(snapshotValue({ text: 'é'.repeat(10_000) }).bytes - small).toBe(19_999)
    expect(snapshotValue({ text: '😀'.repeat(10_000) }).bytes - small).toBe(39_999)
    expect(snapshotValue({ ['é'.repeat(100)]: 1 }).bytes - snapshotValue({ a: 1 }).bytes).toBe(199)
    expect(snapshotValue(new Uint8Array(4096)).bytes).toBeGreaterThanOrEqual(4096)
  })

  it('counts the same bytes whichever walk copies the value (plain data, or deep and careful)', () => {
    const leaf = { name: 'Ada', scores: [1, 2.5, -3], flags: { on: true, off: null, gone: undefined } }
    const nest = (depth: number): unknown => (depth === 0 ? leaf : { level: nest(depth - 1) })
    const bytes = (value: unknown) => snapshotValue(value).bytes
    // Shallow values take the quick copy; 100 levels are past it, so the careful walk copies them.
    const perLevel = bytes(nest(2)) - bytes(nest(1))
    expect(perLevel).toBeGreaterThan(0)
    expect(bytes(nest(100))).toBe(bytes(nest(1)) + 99 * perLevel)
    expect(snapshotValue(nest(100)).value).toStrictEqual(nest(100))
    expectDeepFrozen(snapshotValue(nest(100)).value)
    // A Date anywhere makes the careful walk copy the whole value; the plain parts count the same.
    const withDate = bytes({ ...leaf, at: new Date(0) }) - bytes({ ...leaf, at: 0 })
    expect(withDate).toBeGreaterThan(0)
    expect(bytes([leaf, new Date(0)]) - bytes([leaf, 0])).toBe(withDate)
  })

  it('names the path of a refusal found deep in plain data', () => {
    expectRefused({ a: [{ b: { c: () => 1 } }] }, /value\.a\[0\]\.b\.c is a function/)
    const getter = { ok: 1 }
    Object.defineProperty(getter, 'bad', {
      enumerable: true,
      get() {
        throw new Error('no')
      },
    })
    expectRefused({ list: [getter] }, /value\.list\[0\].*could not be copied: no/)
    const cycle: Record<string, unknown> = { name: 'loop' }
    cycle.self = { back: cycle }
    expectRefused(cycle, /value\.self\.back is a circular reference to value/)
  })

  it('copies a shared, non-circular reference twice', () => {
    const shared = { id: 1 }
    const copy = snapshotValue({ first: shared, second: shared, list: [shared] }).value as Record<
      string,
      unknown
    >
    expect(copy.first).toStrictEqual(shared)
    expect(copy.second).toStrictEqual(shared)
  })

  it('refuses functions and symbols, naming the path', () => {
    expectRefused({ user: { friends: [1, 2, () => 3] } }, 'value.user.friends[2] is a function')
    expectRefused({ 'odd key': Symbol('s') }, 'value["odd key"] is a symbol')
    expectRefused(() => 1, /^value is a function/)
    expectRefused(new Map([['k', { f() {} }]]), 'value.get("k").f is a function')
    expectRefused(new Set([1, Symbol.iterator]), 'value.keys()[1] is a symbol')
  })

  it('refuses circular references, naming both ends', () => {
    const node: Record<string, unknown> = { child: { list: [] as unknown[] } }
    ;(node.child as { list: unknown[] }).list.push(node)
    expectRefused(node, 'value.child.list[0] is a circular reference to value')
    const inner: Record<string, unknown> = {}
    inner.self = inner
    expectRefused({ inner }, 'value.inner.self is a circular reference to value.inner')
    const map = new Map<string, unknown>()
    map.set('again', map)
    expectRefused(map, 'value.get("again") is a circular reference to value')
  })

  it('refuses class instances, naming the class', () => {
    class User {
      name = 'Ada'
    }
    expectRefused({ owner: new User() }, /value\.owner is an instance of class User.*plain object/)
    class Registry extends Map {}
    expectRefused(new Registry(), 'class Registry')
    expectRefused(new String('boxed'), 'class String')
  })

  it('refuses errors, promises and weak collections', () => {
    expectRefused({ error: new TypeError('bad') }, 'value.error is an Error (TypeError)')
    expectRefused([Promise.resolve(1)], 'value[0] is a Promise')
    expectRefused({ cache: new WeakMap() }, 'is a WeakMap')
    expectRefused({ seen: new WeakSet() }, 'is a WeakSet')
  })

  it('leaves the input untouched when it refuses', () => {
    const input = { good: { a: 1 }, list: [1, { deep: true }], bad: () => 1 }
    expect(() => snapshotValue(input)).toThrow(LayercacheError)
    expect(Object.isFrozen(input.good)).toBe(false)
    expect(Object.isFrozen(input.list)).toBe(false)
    expect(Object.isFrozen(input.list[1])).toBe(false)
  })

  it('refuses values nested too deeply for the stack, with a short message', () => {
    let deep: unknown = 'bottom'
    for (let depth = 0; depth < 200_000; depth++) deep = { next: deep }
    const error = thrownBy(() => snapshotValue(deep))
    expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
    expect(error.message).toMatch(/^value\.next.*more.*could not be copied/)
    expect(error.message.length).toBeLessThan(500)
  })

  it('turns a throwing getter into E_UNSERIALIZABLE_VALUE', () => {
    const input = {
      get broken(): never {
        throw new Error('nope')
      },
    }
    expectRefused({ wrapper: input }, 'value.wrapper could not be copied: nope')
  })
})

describe('cloneValue', () => {
  it('gives every reader its own Map, Set, Date and bytes', () => {
    const { value, mutable } = snapshotValue({
      lookup: new Map([['a', 1]]),
      at: new Date(0),
      raw: Buffer.from('x'),
    })
    expect(mutable).toBe(true)
    const first = cloneValue(value) as { lookup: Map<string, number>; at: Date; raw: Buffer }
    first.lookup.set('b', 2)
    first.at.setTime(5)
    first.raw[0] = 0
    const second = cloneValue(value) as typeof first
    expect([...second.lookup]).toStrictEqual([['a', 1]])
    expect(second.at.getTime()).toBe(0)
    expect(second.raw.toString()).toBe('x')
    expect(Buffer.isBuffer(second.raw)).toBe(true)
  })

  it('shares frozen parts without mutable leaves and copies the rest', () => {
    const { value } = snapshotValue({ config: { deep: [1, 2] }, holder: { seen: new Set([1]) } })
    const snapshot = value as { config: object; holder: { seen: Set<number> } }
    const clone = cloneValue(value) as typeof snapshot
    expect(clone.config).toBe(snapshot.config)
    expect(clone.holder).not.toBe(snapshot.holder)
    expect(clone.holder.seen).not.toBe(snapshot.holder.seen)
    expect(clone).toStrictEqual(snapshot)
    expect(Object.isFrozen(clone.holder)).toBe(true)
  })

  it('copies Map keys and nested collections', () => {
    const key = { id: 1 }
    const { value } = snapshotValue(new Map([[key, new Map([['inner', [new Date(1)]]])]]))
    const clone = cloneValue(value) as Map<object, Map<string, Date[]>>
    const inner = [...clone.values()][0]!
    inner.get('inner')![0]!.setTime(99)
    inner.set('extra', [])
    expect(cloneValue(value)).toStrictEqual(new Map([[key, new Map([['inner', [new Date(1)]]])]]))
  })

  it('returns primitives as they are and deep-copies values it did not snapshot', () => {
    expect(cloneValue('text')).toBe('text')
    const foreign = { when: new Date(3) }
    const copy = cloneValue(foreign) as typeof foreign
    expect(copy).toStrictEqual(foreign)
    expect(copy.when).not.toBe(foreign.when)
  })

  it('round-trips arbitrary values (property)', () => {
    const values = fc.anything({
      withMap: true,
      withSet: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
    })
    fc.assert(
      fc.property(values, (input) => {
        const snapshot = snapshotValue(input)
        expect(snapshot.value).toStrictEqual(input)
        expectDeepFrozen(snapshot.value)
        expect(cloneValue(snapshot.value)).toStrictEqual(input)
      }),
    )
  })
})
