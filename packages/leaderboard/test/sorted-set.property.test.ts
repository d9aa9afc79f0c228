import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CHUNK_LOAD } from '../src/sorted-set/chunked-list.js'
import { compareMembers } from '../src/sorted-set/compare-members.js'
import { type ScoredMember, SortedSet } from '../src/sorted-set/sorted-set.js'

type Operation =
  | { kind: 'add'; member: string; score: number }
  | { kind: 'remove'; member: string }
  | { kind: 'query'; member: string; score: number; start: number; stop: number }

const member = fc.constantFrom('a', 'b', 'c', 'ab', 'B', 'é', '\u{1F600}', '\uFFFD', 'zz', 'a\u0000')
const score = fc.oneof(
  fc.constantFrom(0, 1, -1, 2.5, 100),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => value + 0),
)
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), member, score }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), member }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('query' as const),
      member,
      score,
      start: fc.nat(12),
      stop: fc.nat(12),
    }),
  },
)

function sortModel(model: Map<string, number>): ScoredMember[] {
  return [...model].sort(([leftMember, leftScore], [rightMember, rightScore]) =>
    leftScore === rightScore ? compareMembers(leftMember, rightMember) : leftScore < rightScore ? -1 : 1,
  )
}

function utf8Compare(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'))
}

describe('SortedSet (chunked list) against a sorted-array model', () => {
  it('orders members like Redis: by UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (left, right) => {
        expect(Math.sign(compareMembers(left, right))).toBe(Math.sign(utf8Compare(left, right)))
      }),
    )
  })

  // Chunks of 2 split and merge all the time; the default load keeps these small sets in one chunk.
  it.each([2, DEFAULT_CHUNK_LOAD])(
    'answers every query like the model after any sequence of adds and removes (chunk load %i)',
    (chunkLoad) => {
      fc.assert(
        fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
          const set = new SortedSet(chunkLoad)
          const model = new Map<string, number>()
          for (const step of operations) {
            if (step.kind === 'add') {
              set.add(step.member, step.score)
              model.set(step.member, step.score)
            } else if (step.kind === 'remove') {
              expect(set.remove(step.member)).toBe(model.delete(step.member))
            } else {
              const sorted = sortModel(model)
              expect(set.size).toBe(sorted.length)
              expect(set.score(step.member)).toBe(model.get(step.member))
              const position = sorted.findIndex(([candidate]) => candidate === step.member)
              expect(set.position(step.member)).toBe(position === -1 ? undefined : position)
              expect(set.range(step.start, step.stop)).toEqual(sorted.slice(step.start, step.stop + 1))
              const below = (inclusive: boolean) =>
                sorted.filter(([, value]) => value < step.score || (inclusive && value === step.score)).length
              expect(set.countBelow(step.score, false)).toBe(below(false))
              expect(set.countBelow(step.score, true)).toBe(below(true))
              expect(set.countAbove(step.score, false)).toBe(sorted.length - below(true))
              expect(set.countAbove(step.score, true)).toBe(sorted.length - below(false))
            }
          }
          expect(set.range(0, set.size)).toEqual(sortModel(model))
        }),
        { numRuns: 300 },
      )
    },
  )

  it('keeps ranks, ranges and counts right over many chunks, at the default load too', () => {
    for (const chunkLoad of [16, DEFAULT_CHUNK_LOAD]) {
      const set = new SortedSet(chunkLoad)
      const model = new Map<string, number>()
      const count = 6_000
      for (let index = 0; index < count; index++) {
        set.add(`m${index}`, (index * 7919) % 1_000)
        model.set(`m${index}`, (index * 7919) % 1_000)
      }
      for (let index = 0; index < count; index += 3) {
        set.remove(`m${index}`)
        model.delete(`m${index}`)
      }
      for (let index = 1; index < count; index += 7) {
        set.add(`m${index}`, index % 13)
        model.set(`m${index}`, index % 13)
      }
      const sorted = sortModel(model)
      expect(set.range(0, count)).toEqual(sorted)
      expect(set.range(1_234, 3_456)).toEqual(sorted.slice(1_234, 3_457))
      sorted.forEach(([member], position) => {
        expect(set.position(member)).toBe(position)
      })
      for (const score of [-1, 0, 5, 12.5, 500, 999, 1_000]) {
        expect(set.countBelow(score, true)).toBe(sorted.filter(([, value]) => value <= score).length)
        expect(set.countBelow(score, false)).toBe(sorted.filter(([, value]) => value < score).length)
      }
    }
  })
})
