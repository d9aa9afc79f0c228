import { expect, it } from 'vitest'
import type { ConformanceContext } from './board-factory.js'

const membersOf = (entries: readonly { member: string }[]) => entries.map((entry) => entry.member)
const ranksOf = (entries: readonly { rank: number }[]) => entries.map((entry) => entry.rank)

/** Ties broken by the moment a score was reached, and the three rank modes. */
export function tiesAndRanksConformance(context: ConformanceContext): void {
  it('ranks the member who reached a tied score first ahead, on desc and asc boards', async () => {
    for (const order of ['desc', 'asc'] as const) {
      const board = context.board({ name: `ties-${order}`, order })
      for (const member of ['late-alphabet', 'middle', 'a-first-alphabet']) await board.submit(member, 50)
      expect(membersOf(await board.top(3))).toEqual(['late-alphabet', 'middle', 'a-first-alphabet'])
      expect(await board.rank('a-first-alphabet')).toBe(3)
    }
  })

  it("puts the latest first with tieBreak: 'latest'", async () => {
    const board = context.board({ tieBreak: 'latest' })
    await board.submitMany(['x', 'y', 'z'].map((member) => ({ member, score: 1 })))
    expect(membersOf(await board.top(3))).toEqual(['z', 'y', 'x'])
  })

  it('keeps a tied position when the score does not change, and moves it when the score is reached again', async () => {
    const best = context.board({ name: 'best' })
    await best.submit('a', 10)
    await best.submit('b', 10)
    await best.submit('a', 10)
    await best.submit('a', 5)
    expect(membersOf(await best.top(2))).toEqual(['a', 'b'])
    const reachedAt = (await best.entry('a'))?.reachedAt

    const replace = context.board({ name: 'replace', update: 'replace' })
    await replace.submitMany(['a', 'b'].map((member) => ({ member, score: 10 })))
    await replace.submit('a', 10)
    expect(membersOf(await replace.top(2))).toEqual(['a', 'b'])
    await replace.submit('a', 9)
    await replace.submit('a', 10)
    expect(membersOf(await replace.top(2))).toEqual(['b', 'a'])
    expect((await best.entry('a'))?.reachedAt).toBe(reachedAt)
  })

  it("ranks ties 1, 2, 3, 4 ('ordinal'), 1, 2, 2, 4 ('competition') and 1, 2, 2, 3 ('dense')", async () => {
    const scores = [100, 90, 90, 80, 80, 80, 70]
    const expected = {
      ordinal: [1, 2, 3, 4, 5, 6, 7],
      competition: [1, 2, 2, 4, 4, 4, 7],
      dense: [1, 2, 2, 3, 3, 3, 4],
    }
    for (const rankMode of ['ordinal', 'competition', 'dense'] as const) {
      const board = context.board({ name: `ranks-${rankMode}`, rankMode })
      await board.submitMany(scores.map((score, index) => ({ member: `m${index}`, score })))
      const ranks = expected[rankMode]
      expect(ranksOf(await board.top(10))).toEqual(ranks)
      expect(ranksOf((await board.page(2, 3)).entries)).toEqual(ranks.slice(3, 6))
      expect(ranksOf(await board.around('m4', 1))).toEqual(ranks.slice(3, 6))
      expect(await board.rank('m5')).toBe(ranks[5])
      expect((await board.entries(['m2', 'm6'])).map((entry) => entry?.rank)).toEqual([ranks[2], ranks[6]])
      const [submitted] = await board.submitMany([{ member: 'm7', score: 80 }])
      expect(submitted?.rank).toBe(rankMode === 'ordinal' ? 7 : ranks[3])
    }
  })

  it('keeps dense ranks right as scores move, leave, and come back', async () => {
    const board = context.board({ rankMode: 'dense', update: 'replace' })
    await board.submitMany([
      { member: 'a', score: 3 },
      { member: 'b', score: 2 },
      { member: 'c', score: 2 },
      { member: 'd', score: 1 },
    ])
    await board.submit('b', 5)
    expect(ranksOf(await board.top(4))).toEqual([1, 2, 3, 4])
    await board.remove('c')
    expect(ranksOf(await board.top(4))).toEqual([1, 2, 3])
    await board.submit('c', 3)
    expect(ranksOf(await board.top(4))).toEqual([1, 2, 2, 3])
  })

  it('computes dense ranks right for data written by a board of another rank mode', async () => {
    const ordinal = context.board({ rankMode: 'ordinal' })
    await ordinal.submitMany([10, 10, 5, 5, 1].map((score, index) => ({ member: `m${index}`, score })))
    const dense = context.board({ rankMode: 'dense' })
    expect(ranksOf(await dense.top(5))).toEqual([1, 1, 2, 2, 3])
    await ordinal.submit('m5', 7)
    expect(ranksOf(await dense.top(6))).toEqual([1, 1, 2, 3, 3, 4])
    await dense.submit('m6', 20)
    expect(await dense.rank('m4')).toBe(5)
  })
}
