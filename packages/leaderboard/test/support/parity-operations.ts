import fc from 'fast-check'
import type { Leaderboard } from '../../src/index.js'

// Random operations on two boards sharing one name (the second may use another rank mode), for the
// Lua/local parity test.

const member = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'é', '😀', '\uFFFD', 'user:42', 'a\u0000b', 'z'.repeat(40)),
  fc.integer({ min: 0, max: 30 }).map((index) => `m${index}`),
)
const score = fc.oneof(
  fc.constantFrom(0, 1, -1, 10, 10.5, 0.1, 0.2, 0.3, -2.5, 1e21, -1e21, 2 ** 53, 2 ** 53 + 2, 1e-300, 5e-324),
  fc.constantFrom(-5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 123456.789),
  // Fractions Lua's tostring would print with 14 digits and JavaScript with 17 (1/3, 0.1 + 0.2), and
  // the extremes of the double range: the replies must still match digit for digit.
  fc.constantFrom(
    1 / 3,
    -2 / 3,
    0.1 + 0.2,
    1e-7,
    4.35,
    2 ** 53 - 0.5,
    1.5 * 2 ** 1000,
    3 * 2 ** -1074,
    2 ** -1022,
  ),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const metadata = fc.option(
  fc.oneof(
    fc.record({ name: fc.string({ maxLength: 8 }) }),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
  ),
  { nil: undefined },
)

type Board = Leaderboard<unknown>
/** One operation on one of the boards. */
export type Step = (boards: readonly Board[]) => Promise<unknown>
const pick = fc.nat(1)
/** The details a read asks for: none (the bare range on ordinal boards), some or all. */
const details = fc.subarray(['metadata', 'reachedAt'] as const)
export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.tuple(pick, member, score, metadata).map(
      ([board, id, value, data]): Step =>
        (boards) =>
          boards[board]!.submit(id, value, { metadata: data }),
    ),
  },
  {
    weight: 10,
    arbitrary: fc.tuple(pick, fc.array(fc.record({ member, score, metadata }), { maxLength: 4 })).map(
      ([board, items]): Step =>
        (boards) =>
          boards[board]!.submitMany(items),
    ),
  },
  {
    weight: 5,
    arbitrary: fc.tuple(pick, member).map(
      ([board, id]): Step =>
        (boards) =>
          boards[board]!.remove(id),
    ),
  },
  {
    weight: 5,
    arbitrary: fc.tuple(pick, fc.array(member, { maxLength: 3 })).map(
      ([board, ids]): Step =>
        (boards) =>
          boards[board]!.removeMany(ids),
    ),
  },
  {
    weight: 10,
    arbitrary: fc.tuple(pick, fc.array(member, { maxLength: 3 })).map(
      ([board, ids]): Step =>
        (boards) =>
          boards[board]!.entries(ids),
    ),
  },
  {
    weight: 10,
    arbitrary: fc.tuple(pick, fc.nat(10), details).map(
      ([board, count, fields]): Step =>
        (boards) =>
          boards[board]!.top(count, { with: fields }),
    ),
  },
  {
    weight: 10,
    arbitrary: fc.tuple(pick, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), details).map(
      ([board, page, size, fields]): Step =>
        (boards) =>
          boards[board]!.page(page, size, { with: fields }),
    ),
  },
  {
    weight: 10,
    arbitrary: fc.tuple(pick, member, fc.nat(3), fc.boolean(), details).map(
      ([board, id, distance, fill, fields]): Step =>
        (boards) =>
          boards[board]!.around(id, distance, { fillBorders: fill, with: fields }),
    ),
  },
  {
    weight: 5,
    arbitrary: pick.map(
      (board): Step =>
        (boards) =>
          boards[board]!.count(),
    ),
  },
  {
    weight: 5,
    arbitrary: fc.tuple(pick, member, metadata).map(
      ([board, id, data]): Step =>
        (boards) =>
          boards[board]!.setMetadata(id, data ?? 'x'),
    ),
  },
  {
    weight: 1,
    arbitrary: pick.map(
      (board): Step =>
        (boards) =>
          boards[board]!.clear(),
    ),
  },
)

/** Options of the boards under test. */
export const boardSettings = fc.record({
  order: fc.constantFrom('desc' as const, 'asc' as const),
  update: fc.constantFrom('best' as const, 'replace' as const, 'increment' as const),
  rankMode: fc.constantFrom('ordinal' as const, 'competition' as const, 'dense' as const),
  otherRankMode: fc.constantFrom('ordinal' as const, 'competition' as const, 'dense' as const),
  tieBreak: fc.constantFrom('earliest' as const, 'latest' as const),
  lifetime: fc.constantFrom('forever', 'ttl', 'daily'),
})
