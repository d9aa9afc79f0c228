import { expect, it } from 'vitest'
import type { ConformanceContext } from './board-factory.js'

interface Profile {
  name: string
  avatar?: string
}

/** Member metadata stored with the scores and returned in the same call. */
export function metadataConformance(context: ConformanceContext): void {
  it('returns metadata with top, page, around and entry', async () => {
    const board = context.board<Profile>()
    await board.submit('u1', 10, { metadata: { name: 'Ada', avatar: 'https://a.example/ada.png' } })
    await board.submit('u2', 20, { metadata: { name: 'Grace' } })
    await board.submit('u3', 5)
    const expected = ['Grace', 'Ada', undefined]
    expect((await board.top(3)).map((entry) => entry.metadata?.name)).toEqual(expected)
    expect((await board.page(1, 3)).entries.map((entry) => entry.metadata?.name)).toEqual(expected)
    expect((await board.around('u1', 1)).map((entry) => entry.metadata?.name)).toEqual(expected)
    expect((await board.entry('u1'))?.metadata).toEqual({ name: 'Ada', avatar: 'https://a.example/ada.png' })
    expect((await board.entry('u3'))?.metadata).toBeUndefined()
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
    expect((await board.top(1))[0]?.metadata).toEqual({ name: 'Ada' })
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
