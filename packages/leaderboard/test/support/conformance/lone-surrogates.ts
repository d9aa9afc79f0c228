import { errors } from '@layercache/core'
import { expect, it } from 'vitest'
import { LeaderboardError, leaderboardErrors } from '../../../src/index.js'
import type { ConformanceContext } from './board-factory.js'

const invalidMember = (error: unknown) => LeaderboardError.hasCode(error, leaderboardErrors.INVALID_MEMBER)

/**
 * Redis stores strings as UTF-8, where a lone surrogate becomes U+FFFD: 'Ann\uD83D' and 'Ann\uFFFD'
 * would be one member (and 'lb\uD83D:' and 'lb\uFFFD:' one prefix) on Redis and two in memory, so
 * every backend refuses them before the store is called.
 */
export function loneSurrogatesConformance(context: ConformanceContext): void {
  it('refuses member ids and prefixes with a lone surrogate; a surrogate pair is one character', async () => {
    const board = context.board()
    await board.submit('Ann\uFFFD', 1)
    for (const member of ['Ann😀'.slice(0, 4), 'Ann\uDE00', '\uD83D']) {
      const calls = {
        submit: () => board.submit(member, 2),
        submitMany: () =>
          board.submitMany([
            { member: 'Bob', score: 3 },
            { member, score: 2 },
          ]),
        rank: () => board.rank(member),
        score: () => board.score(member),
        entries: () => board.entries(['Ann\uFFFD', member]),
        around: () => board.around(member),
        setMetadata: () => board.setMetadata(member, { name: 'Ann' }),
        remove: () => board.remove(member),
      }
      for (const [name, call] of Object.entries(calls)) {
        await expect(call(), `${name}(${JSON.stringify(member)})`).rejects.toSatisfy(invalidMember)
      }
    }
    expect(() => context.board({ prefix: 'lb\uD83D:' })).toThrow(
      expect.objectContaining({ code: errors.INVALID_OPTION }),
    )
    await board.submit('Ann😀', 5)
    expect((await board.top(10)).map(({ member, score }) => [member, score])).toEqual([
      ['Ann😀', 5],
      ['Ann\uFFFD', 1],
    ])
  })
}
