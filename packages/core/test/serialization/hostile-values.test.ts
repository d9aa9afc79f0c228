import { describe, expect, it } from 'vitest'
import { errors, LayercacheError } from '../../src/errors.js'
import { jsonSerializer, typedJsonSerializer } from '../../src/serialization/serializer.js'
import { snapshotValue } from '../../src/serialization/value-snapshot.js'

// Both ways a value is taken in: the snapshot (memory layers) and the serializers (Redis layers).
const intake: readonly (readonly [string, (value: unknown) => unknown])[] = [
  ['snapshotValue', snapshotValue],
  ['typedJsonSerializer', typedJsonSerializer.serialize],
]

function thrownBy(run: () => unknown): LayercacheError<string> {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  if (thrown === undefined) throw new Error('expected a LayercacheError, nothing was thrown')
  if (!LayercacheError.isInstance(thrown))
    throw new Error(`expected a LayercacheError, got ${String(thrown)}`)
  return thrown
}

function throwingGetter(problem: unknown): { readonly x: never } {
  return {
    get x(): never {
      throw problem
    },
  }
}

describe('values whose reading throws', () => {
  const boom = new Error('boom')
  const cases: readonly (readonly [string, () => unknown])[] = [
    ['a throwing getter at the root', () => throwingGetter(boom)],
    ['a throwing getter in an object', () => ({ user: throwingGetter(boom) })],
    ['a throwing getter in an array', () => [1, throwingGetter(boom)]],
    ['a throwing getter inside a Map', () => new Map([['k', throwingGetter(boom)]])],
    [
      'a throwing index getter',
      () =>
        Object.defineProperty([1, 2], 1, {
          enumerable: true,
          get: () => {
            throw boom
          },
        }),
    ],
    [
      'a proxy whose ownKeys trap throws',
      () =>
        new Proxy(
          { a: 1 },
          {
            ownKeys: () => {
              throw boom
            },
          },
        ),
    ],
    [
      'a proxy whose getPrototypeOf trap throws',
      () => ({
        nested: new Proxy(
          {},
          {
            getPrototypeOf: () => {
              throw boom
            },
          },
        ),
      }),
    ],
  ]

  for (const [name, take] of intake) {
    it.each(cases)(
      `${name} refuses %s with E_UNSERIALIZABLE_VALUE, the original error as cause`,
      (_case, make) => {
        const error = thrownBy(() => take(make()))
        expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
        expect(error.cause).toBe(boom)
        expect(error.message).toContain('boom')
      },
    )

    it(`${name} names where in the value the getter threw`, () => {
      const error = thrownBy(() => take({ account: { owner: throwingGetter(boom) } }))
      expect(error.message).toBe('value.account.owner could not be copied: boom')
    })

    it(`${name} refuses a getter that throws something other than an Error`, () => {
      const error = thrownBy(() => take({ list: [throwingGetter('not an error')] }))
      expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
      expect(error.cause).toBe('not an error')
    })
  }

  it('typedJsonSerializer refuses a getter that only throws the second time it is read', () => {
    let reads = 0
    const fickle = {
      get x(): number {
        reads++
        if (reads > 1) throw new Error('changed its mind')
        return 1
      },
    }
    const error = thrownBy(() => typedJsonSerializer.serialize(fickle))
    expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
    expect(error.message).toContain('changed its mind')
  })

  it('jsonSerializer refuses a throwing getter too', () => {
    const error = thrownBy(() => jsonSerializer.serialize({ user: throwingGetter(boom) }))
    expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
    expect(error.cause).toBe(boom)
  })
})

describe('arrays that a copy would change', () => {
  function sparse(): unknown[] {
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is being refused
    return [1, , 3]
  }

  for (const [name, take] of intake) {
    it(`${name} refuses holes, naming the first one`, () => {
      const error = thrownBy(() => take({ list: sparse() }))
      expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
      expect(error.message).toBe(
        'value.list has a hole at index 1 (a sparse array); holes would come back as undefined, ' +
          'so fill them first (with undefined or null)',
      )
    })

    it(`${name} refuses holes left by a longer length, at once even when huge`, () => {
      const stretched = [1, 2]
      stretched.length = 5
      expect(thrownBy(() => take(stretched)).message).toContain('value has a hole at index 2')
      const huge: unknown[] = []
      huge.length = 2 ** 32 - 1
      expect(thrownBy(() => take({ huge })).code).toBe(errors.UNSERIALIZABLE_VALUE)
    })

    it(`${name} refuses an array with extra properties, naming the first`, () => {
      const error = thrownBy(() => take([{ rows: Object.assign([1, 2], { extra: true, total: 2 }) }]))
      expect(error.code).toBe(errors.UNSERIALIZABLE_VALUE)
      expect(error.message).toBe(
        'value[0].rows is an array with a property besides its elements ("extra"); it would be lost, ' +
          'so keep it next to the array in an object instead',
      )
    })

    it(`${name} refuses a hole and an extra property together (same number of keys as elements)`, () => {
      const both = Object.assign(sparse(), { extra: true })
      expect(Object.keys(both).length).toBe(both.length)
      expect(thrownBy(() => take(both)).message).toContain('value has a hole at index 1')
    })

    it(`${name} accepts dense arrays, explicit undefined elements and non-enumerable extras`, () => {
      const quiet = Object.defineProperty([1, 2], 'hidden', { value: true, enumerable: false })
      expect(() => take([[undefined, null], quiet, [], Array.from({ length: 3 })])).not.toThrow()
    })
  }
})
