import { expect, it } from 'vitest'
import { LeaderboardError, leaderboardErrors } from '../../../src/index.js'
import type { ConformanceContext } from './board-factory.js'

const membersOf = (entries: readonly { member: string }[]) => entries.map((entry) => entry.member)

/** Reads and writes: submit, top, page, around, rank, score, entries, count, remove, clear. */
export function operationsConformance(context: ConformanceContext): void {
  it('ranks the highest score first on a desc board and the lowest on an asc board', async () => {
    const desc = context.board({ name: 'desc' })
    const asc = context.board({ name: 'asc', order: 'asc' })
    for (const board of [desc, asc]) {
      await board.submitMany([
        { member: 'a', score: 10 },
        { member: 'b', score: 30 },
        { member: 'c', score: 20 },
      ])
    }
    expect(membersOf(await desc.top(10))).toEqual(['b', 'c', 'a'])
    expect(membersOf(await asc.top(10))).toEqual(['a', 'c', 'b'])
    expect(await desc.top(2)).toEqual([
      expect.objectContaining({ member: 'b', score: 30, rank: 1 }),
      expect.objectContaining({ member: 'c', score: 20, rank: 2 }),
    ])
    expect(await desc.rank('a')).toBe(3)
    expect(await asc.rank('a')).toBe(1)
    expect(await desc.score('c')).toBe(20)
    expect(await desc.rank('nobody')).toBeUndefined()
    expect(await desc.score('nobody')).toBeUndefined()
    expect(await desc.top(0)).toEqual([])
  })

  it('submit answers the score and rank after the call', async () => {
    const board = context.board()
    expect(await board.submit('a', 10)).toMatchObject({ member: 'a', score: 10, rank: 1, changed: true })
    expect(await board.submit('b', 20)).toMatchObject({ score: 20, rank: 1, previousScore: undefined })
    expect(await board.rank('a')).toBe(2)
  })

  it("'best' keeps the better score, 'replace' takes the new one, 'increment' adds", async () => {
    const best = context.board({ name: 'best' })
    await best.submit('a', 50)
    expect(await best.submit('a', 40)).toMatchObject({ score: 50, changed: false, previousScore: 50 })
    expect(await best.submit('a', 60)).toMatchObject({ score: 60, changed: true, previousScore: 50 })
    const bestAsc = context.board({ name: 'best-asc', order: 'asc' })
    await bestAsc.submit('a', 50)
    expect(await bestAsc.submit('a', 60)).toMatchObject({ score: 50, changed: false })
    expect(await bestAsc.submit('a', 40)).toMatchObject({ score: 40, changed: true })

    const replace = context.board({ name: 'replace', update: 'replace' })
    await replace.submit('a', 50)
    expect(await replace.submit('a', 40)).toMatchObject({ score: 40, changed: true, previousScore: 50 })
    expect(await replace.submit('a', 40)).toMatchObject({ score: 40, changed: false })

    const increment = context.board({ name: 'increment', update: 'increment' })
    expect(await increment.submit('a', 5)).toMatchObject({ score: 5, changed: true })
    expect(await increment.submit('a', 2.5)).toMatchObject({ score: 7.5, previousScore: 5 })
    expect(await increment.submit('a', -10)).toMatchObject({ score: -2.5 })
    expect(await increment.submit('a', 0)).toMatchObject({ score: -2.5, changed: false })
  })

  it('refuses an increment that would overflow, writing nothing of the call', async () => {
    const board = context.board({ update: 'increment' })
    await board.submit('a', Number.MAX_VALUE)
    const attempt = board.submitMany([
      { member: 'b', score: 1 },
      { member: 'a', score: Number.MAX_VALUE },
    ])
    await expect(attempt).rejects.toSatisfy((error) =>
      LeaderboardError.hasCode(error, leaderboardErrors.SCORE_OUT_OF_RANGE),
    )
    expect(await board.count()).toBe(1)
    expect(await board.score('a')).toBe(Number.MAX_VALUE)
  })

  it('keeps every finite double exactly, fractions included', async () => {
    const board = context.board({ update: 'replace' })
    const scores = [
      0.1,
      0.1 + 0.2,
      -2.5,
      1e-300,
      5e-324,
      -5e-324,
      Number.MAX_VALUE,
      -1e21,
      2 ** 53 + 2,
      1 / 3,
      -0,
    ]
    await board.submitMany(scores.map((score, index) => ({ member: `m${index}`, score })))
    const stored = await board.entries(scores.map((_, index) => `m${index}`))
    expect(stored.map((entry) => entry?.score)).toEqual(scores.map((score) => (score === 0 ? 0 : score)))
    expect(Object.is((await board.entry('m10'))?.score, 0)).toBe(true)
    const sorted = [...scores].sort((left, right) => right - left)
    expect((await board.top(20)).map((entry) => entry.score)).toEqual(
      sorted.map((score) => (score === 0 ? 0 : score)),
    )
  })

  it('submitMany applies items in order and reports ranks after all of them', async () => {
    const board = context.board({ update: 'increment' })
    const results = await board.submitMany([
      { member: 'a', score: 1 },
      { member: 'b', score: 5 },
      { member: 'a', score: 10 },
    ])
    expect(results.map(({ member, score, rank }) => [member, score, rank])).toEqual([
      ['a', 11, 1],
      ['b', 5, 2],
      ['a', 11, 1],
    ])
    expect(results[2]).toMatchObject({ previousScore: 1, changed: true })
    expect(await board.submitMany([])).toEqual([])
  })

  it('pages with the board size, and answers an empty page past the end', async () => {
    const board = context.board()
    await board.submitMany(Array.from({ length: 7 }, (_, index) => ({ member: `m${index}`, score: index })))
    const second = await board.page(2, 3)
    expect(second).toMatchObject({ pageNumber: 2, pageSize: 3, total: 7, pageCount: 3 })
    expect(second.entries.map((entry) => [entry.member, entry.rank])).toEqual([
      ['m3', 4],
      ['m2', 5],
      ['m1', 6],
    ])
    expect((await board.page(3, 3)).entries.map((entry) => entry.member)).toEqual(['m0'])
    expect(await board.page(4, 3)).toMatchObject({ entries: [], total: 7 })
    expect(await context.board({ name: 'empty' }).page(1)).toMatchObject({
      entries: [],
      total: 0,
      pageCount: 0,
    })
  })

  it('around answers the neighbours, optionally filling at the borders', async () => {
    const board = context.board()
    await board.submitMany(
      Array.from({ length: 10 }, (_, index) => ({ member: `m${index}`, score: 100 - index })),
    )
    expect(membersOf(await board.around('m5', 2))).toEqual(['m3', 'm4', 'm5', 'm6', 'm7'])
    expect(membersOf(await board.around('m0', 2))).toEqual(['m0', 'm1', 'm2'])
    expect(membersOf(await board.around('m0', 2, { fillBorders: true }))).toEqual([
      'm0',
      'm1',
      'm2',
      'm3',
      'm4',
    ])
    expect(membersOf(await board.around('m9', 1, { fillBorders: true }))).toEqual(['m7', 'm8', 'm9'])
    expect(membersOf(await board.around('m4', 0))).toEqual(['m4'])
    expect((await board.around('m4', 1)).map((entry) => entry.rank)).toEqual([4, 5, 6])
    expect(await board.around('nobody', 3)).toEqual([])
  })

  it('counts, removes, and clears', async () => {
    const board = context.board()
    await board.submitMany(['a', 'b', 'c', 'd'].map((member, index) => ({ member, score: index })))
    expect(await board.count()).toBe(4)
    expect(await board.remove('a')).toBe(true)
    expect(await board.remove('a')).toBe(false)
    expect(await board.removeMany(['b', 'c', 'zz'])).toBe(2)
    expect(await board.entries(['a', 'd'])).toEqual([
      undefined,
      expect.objectContaining({ member: 'd', rank: 1 }),
    ])
    await board.clear()
    expect(await board.count()).toBe(0)
    expect(await board.top()).toEqual([])
    expect(await context.lifetimes(board)).toEqual([-2, -2, -2, -2, -2])
  })

  it('accepts any well-formed member id, braces and separators included', async () => {
    const board = context.board()
    const members = ['{tag}', 'user:1', 'é', '😀', 'a b', 'a\u0000b', 'x'.repeat(256)]
    await board.submitMany(members.map((member, index) => ({ member, score: index })))
    expect(membersOf(await board.top(10)).sort()).toEqual([...members].sort())
    expect(await board.rank('{tag}')).toBe(members.length)
  })
}
