import { describe, expect, it } from 'vitest'
import { createCache, createMemoryStore, errors } from '../src/index.js'

const rich = () => ({
  when: new Date('2026-01-02T03:04:05.006Z'),
  tags: new Set(['a', 'b']),
  index: new Map<unknown, unknown>([
    ['x', 1],
    [2, { deep: [1, 2] }],
  ]),
  big: 12345678901234567890n,
  bytes: new Uint8Array([0, 1, 255]),
  buffer: Buffer.from('hi'),
  nested: { list: [1, undefined, { z: null }], optional: undefined },
  nan: Number.NaN,
  negativeZero: -0,
})

describe.each([
  ['memory', () => [createMemoryStore()]],
  ['serialized layer', () => [createMemoryStore({ serialize: true })]],
  ['memory + serialized L2', () => [createMemoryStore(), createMemoryStore({ serialize: true })]],
])('values keep their types through %s', (_name, layers) => {
  it('round-trips Date, Map, Set, BigInt, binary data and undefined inside objects', async () => {
    const cache = createCache({ namespace: 'types', layers: layers() })
    await cache.set('rich', rich())
    const read = await cache.get<ReturnType<typeof rich>>('rich')
    expect(read).toEqual(rich())
    expect(read?.when).toBeInstanceOf(Date)
    expect(read?.index).toBeInstanceOf(Map)
    expect(read?.tags).toBeInstanceOf(Set)
    expect(typeof read?.big).toBe('bigint')
    expect(Buffer.isBuffer(read?.buffer)).toBe(true)
    expect('optional' in (read?.nested ?? {})).toBe(true)
    expect(Object.is(read?.negativeZero, -0)).toBe(true)
  })

  it('refuses circular references and functions at set, writing nothing', async () => {
    const cache = createCache({ namespace: 'refuse', layers: layers() })
    const circular: Record<string, unknown> = { a: 1 }
    circular.self = circular
    await expect(cache.set('c', circular)).rejects.toMatchObject({ code: errors.UNSERIALIZABLE_VALUE })
    await expect(cache.set('f', { run: () => 1 })).rejects.toMatchObject({
      code: errors.UNSERIALIZABLE_VALUE,
    })
    await expect(
      cache.setBatch([
        { key: 'ok', value: 1 },
        { key: 'bad', value: circular },
      ]),
    ).rejects.toMatchObject({ code: errors.UNSERIALIZABLE_VALUE })
    expect(await cache.getBatch(['c', 'f', 'ok', 'bad'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('cannot be corrupted by mutating what was set or what was got', async () => {
    const cache = createCache({ namespace: 'mutation', layers: layers() })
    const original = { user: { name: 'Ada' }, seen: new Date(0), roles: new Set(['admin']) }
    await cache.set('k', original)
    original.user.name = 'Mallory'
    original.roles.add('root')
    const first = await cache.get<typeof original>('k')
    expect(first?.user.name).toBe('Ada')
    try {
      ;(first as { user: { name: string } }).user.name = 'Eve'
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError)
    }
    first?.roles.add('root')
    first?.seen.setTime(99)
    const second = await cache.get<typeof original>('k')
    expect(second?.roles.has('root')).toBe(false)
    expect(second?.seen.getTime()).toBe(0)
    expect(second?.user.name).toBe('Ada')
  })
})

describe('the hot path', () => {
  it('returns the same frozen object on every hit of a plain value (no per-hit copy)', async () => {
    const cache = createCache({ namespace: 'hot' })
    await cache.set('k', { a: [1, 2, 3] })
    const first = await cache.get('k')
    expect(await cache.get('k')).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
  })
})

describe('compression', () => {
  it('compresses large values on serializing layers, transparently', async () => {
    const l2 = createMemoryStore({ serialize: true })
    const cache = createCache({ namespace: 'zip', layers: [l2] })
    const big = { text: 'layercache '.repeat(1_000) }
    await cache.set('big', big)
    await cache.set('small', { text: 'tiny' })
    const stored = l2.get('zip::big')?.value as string
    expect(stored.length).toBeLessThan(JSON.stringify(big).length / 5)
    expect(await cache.get('big')).toEqual(big)
    expect(await cache.get('small')).toEqual({ text: 'tiny' })
    const plain = createCache({
      namespace: 'nozip',
      layers: [createMemoryStore({ serialize: true })],
      compression: false,
    })
    await plain.set('big', big)
    expect(await plain.get('big')).toEqual(big)
  })
})
