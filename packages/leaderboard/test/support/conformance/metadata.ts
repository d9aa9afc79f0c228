import { errors, LayercacheError } from '@layercache/core'
import { expect, it } from 'vitest'
import type { RankMode } from '../../../src/index.js'
import type { ConformanceContext } from './board-factory.js'

interface Profile {
  name: string
  avatar?: string
}

/** Member metadata stored with the scores and returned in the same call. */
export function metadataConformance(context: ConformanceContext): void {
  it('returns metadata with entry, and with top, page and around when asked for', async () => {
    const board = context.board<Profile>()
    await board.submit('u1', 10, { metadata: { name: 'Ada', avatar: 'https://a.example/ada.png' } })
    await board.submit('u2', 20, { metadata: { name: 'Grace' } })
    await board.submit('u3', 5)
    const expected = ['Grace', 'Ada', undefined]
    const details = { with: ['metadata'] } as const
    expect((await board.top(3, details)).map((entry) => entry.metadata?.name)).toEqual(expected)
    expect((await board.page(1, 3, details)).entries.map((entry) => entry.metadata?.name)).toEqual(expected)
    expect((await board.around('u1', 1, details)).map((entry) => entry.metadata?.name)).toEqual(expected)
    expect((await board.entry('u1'))?.metadata).toEqual({ name: 'Ada', avatar: 'https://a.example/ada.png' })
    expect((await board.entry('u3'))?.metadata).toBeUndefined()
  })

  it.each<RankMode>(['ordinal', 'competition', 'dense'])(
    'top, page and around return member, score and rank, and only the details asked for (%s)',
    async (rankMode) => {
      const board = context.board<Profile>({ rankMode })
      await board.submit('u1', 10, { metadata: { name: 'Ada' } })
      await board.submit('u2', 20)
      const bare = [
        { member: 'u2', score: 20, rank: 1 },
        { member: 'u1', score: 10, rank: 2 },
      ]
      expect(await board.top(2)).toStrictEqual(bare)
      expect((await board.page(1, 2)).entries).toStrictEqual(bare)
      expect(await board.around('u1', 1)).toStrictEqual(bare)
      const { reachedAt } = (await board.entry('u1'))!
      expect((await board.top(2, { with: ['reachedAt'] }))[1]).toStrictEqual({ ...bare[1], reachedAt })
      expect((await board.around('u1', 0, { with: ['metadata', 'reachedAt'] }))[0]).toStrictEqual({
        ...bare[1],
        reachedAt,
        metadata: { name: 'Ada' },
      })
      expect((await board.page(1, 1, { with: ['metadata'] })).entries).toStrictEqual([
        { ...bare[0], metadata: undefined },
      ])
    },
  )

  it('refuses unknown details with E_INVALID_OPTION', async () => {
    const board = context.board()
    const invalidOption = (error: unknown) =>
      LayercacheError.isInstance(error) && error.code === errors.INVALID_OPTION
    for (const details of [['name'], 'metadata', null])
      await expect(board.top(1, { with: details as never })).rejects.toSatisfy(invalidOption)
  })

  it('keeps metadata when a submit leaves it out, even when the score does not change', async () => {
    const board = context.board<Profile>()
    await board.submit('u1', 10, { metadata: { name: 'Ada' } })
    await board.submit('u1', 20)
    expect((await board.entry('u1'))?.metadata).toEqual({ name: 'Ada' })
    await board.submit('u1', 5, { metadata: { name: 'Ada L.' } })
    expect(await board.entry('u1')).toMatchObject({ score: 20, metadata: { name: 'Ada L.' } })
  })

  it('setMetadata changes metadata of members on the board only', async () => {
    const board = context.board<Profile | null>()
    await board.submit('u1', 10)
    expect(await board.setMetadata('u1', { name: 'Ada' })).toBe(true)
    expect((await board.top(1, { with: ['metadata'] }))[0]?.metadata).toEqual({ name: 'Ada' })
    expect(await board.setMetadata('nobody', { name: 'Nobody' })).toBe(false)
    expect(await board.entry('nobody')).toBeUndefined()
    expect(await board.setMetadata('u1', null)).toBe(true)
    expect((await board.entry('u1'))?.metadata).toBeNull()
  })

  it('drops metadata with the member', async () => {
    const board = context.board<Profile>()
    await board.submit('u1', 10, { metadata: { name: 'Ada' } })
    await board.remove('u1')
    await board.submit('u1', 10)
    expect((await board.entry('u1'))?.metadata).toBeUndefined()
  })

  it('round-trips any JSON value', async () => {
    const board = context.board<unknown>()
    const values = ['text', 42, true, [1, 'two', { three: 3 }], { nested: { emoji: '😀', quote: '"' } }]
    await board.submitMany(values.map((metadata, index) => ({ member: `m${index}`, score: index, metadata })))
    const entries = await board.entries(values.map((_, index) => `m${index}`))
    expect(entries.map((entry) => entry?.metadata)).toEqual(values)
  })
}
