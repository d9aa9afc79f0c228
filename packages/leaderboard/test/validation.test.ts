import { createMemoryStore, errors, LayercacheError } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import {
  createLeaderboard,
  LeaderboardError,
  type LeaderboardOptions,
  leaderboardErrors,
} from '../src/index.js'

const store = createMemoryStore()
const open = (options: Partial<LeaderboardOptions> = {}) =>
  createLeaderboard({ store, name: `validation-${Math.random().toString(36).slice(2)}`, ...options })

function expectCode(action: () => unknown, code: string) {
  let thrown: unknown
  try {
    action()
  } catch (error) {
    thrown = error
  }
  expect(LayercacheError.isInstance(thrown), String(thrown)).toBe(true)
  expect((thrown as LayercacheError).code).toBe(code)
}

async function expectRejection(action: () => Promise<unknown>, code: string) {
  const error = await action().then(
    () => undefined,
    (rejection: unknown) => rejection,
  )
  expect(LeaderboardError.hasCode(error, code as never), String(error)).toBe(true)
}

describe('options', () => {
  it.each<[string, Partial<LeaderboardOptions>, string]>([
    ['a store', { store: {} as never }, errors.INVALID_OPTION],
    ['a name', { name: '' }, errors.INVALID_KEY],
    ['a name without braces', { name: 'a{b}' }, errors.INVALID_KEY],
    ['a name without spaces', { name: 'a b' }, errors.INVALID_KEY],
    ['a short name', { name: 'x'.repeat(201) }, errors.INVALID_KEY],
    ['an order', { order: 'up' as never }, errors.INVALID_OPTION],
    ['an update mode', { update: 'max' as never }, errors.INVALID_OPTION],
    ['a rank mode', { rankMode: 'olympic' as never }, errors.INVALID_OPTION],
    ['a tie break', { tieBreak: 'random' as never }, errors.INVALID_OPTION],
    ['a period', { period: 'yearly' as never }, errors.INVALID_OPTION],
    ['a period length', { period: { every: '10ms' } }, errors.INVALID_OPTION],
    ['a period duration', { period: { every: 'soon' } }, errors.INVALID_DURATION],
    ['a period origin', { period: { every: '1h', origin: Number.NaN } }, errors.INVALID_OPTION],
    ['a time zone', { period: 'daily', timeZone: 'Mars/Olympus' }, errors.INVALID_OPTION],
    ['a time zone even without period', { timeZone: 'Nowhere' }, errors.INVALID_OPTION],
    ['a week start', { weekStart: 'funday' as never }, errors.INVALID_OPTION],
    ['a whole keep', { period: 'daily', keep: 1.5 }, errors.INVALID_OPTION],
    ['a non-negative keep', { period: 'daily', keep: -1 }, errors.INVALID_OPTION],
    ['no ttl with a period', { period: 'daily', ttl: '1h' }, errors.INVALID_OPTION],
    ['a positive ttl', { ttl: 0 }, errors.INVALID_TTL],
    ['a prefix without braces', { prefix: 'x{' }, errors.INVALID_OPTION],
    ['a prefix of valid Unicode', { prefix: 'x\uD800' }, errors.INVALID_OPTION],
    ['a positive maxMemberLength', { maxMemberLength: 0 }, errors.INVALID_OPTION],
  ])('need %s', (_, options, code) => {
    expectCode(() => open(options), code)
  })

  it('accept every documented value', () => {
    expect(() =>
      open({
        order: 'asc',
        update: 'increment',
        rankMode: 'dense',
        tieBreak: 'latest',
        period: { every: '15m', origin: new Date('2024-01-01T00:00:00+05:45') },
        timeZone: 'Asia/Kathmandu',
        weekStart: 'saturday',
        keep: 0,
        prefix: 'games:',
      }),
    ).not.toThrow()
    expect(open({ ttl: Number.POSITIVE_INFINITY }).period()).toBeUndefined()
  })
})

describe('input', () => {
  const board = open({ maxMemberLength: 8, maxMetadataLength: 20 })

  it.each<[string, unknown]>([
    ['empty', ''],
    ['not a string', 42],
    ['null', null],
    ['too long', 'x'.repeat(9)],
    ['a lone surrogate', 'a\uD800'],
  ])('refuses a member id that is %s', async (_, member) => {
    await expectRejection(() => board.submit(member as string, 1), leaderboardErrors.INVALID_MEMBER)
    await expectRejection(() => board.rank(member as string), leaderboardErrors.INVALID_MEMBER)
    await expectRejection(() => board.around(member as string), leaderboardErrors.INVALID_MEMBER)
    await expectRejection(() => board.remove(member as string), leaderboardErrors.INVALID_MEMBER)
  })

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a string', '10'],
    ['missing', undefined],
  ])('refuses a score that is %s', async (_, score) => {
    await expectRejection(() => board.submit('a', score as number), leaderboardErrors.INVALID_SCORE)
  })

  it('validates every item of submitMany before writing any', async () => {
    const batch = [
      { member: 'ok', score: 1 },
      { member: 'bad', score: Number.NaN },
    ]
    await expectRejection(() => board.submitMany(batch), leaderboardErrors.INVALID_SCORE)
    expect(await board.count()).toBe(0)
  })

  it.each<[string, unknown]>([
    ['a function', () => 1],
    ['a BigInt', 1n],
    [
      'circular',
      (() => {
        const value: Record<string, unknown> = {}
        value.self = value
        return value
      })(),
    ],
    ['too long', { name: 'x'.repeat(30) }],
  ])('refuses metadata that is %s', async (_, metadata) => {
    await expectRejection(() => board.submit('a', 1, { metadata }), leaderboardErrors.INVALID_METADATA)
  })

  it('refuses undefined metadata in setMetadata', async () => {
    await expectRejection(() => board.setMetadata('a', undefined), leaderboardErrors.INVALID_METADATA)
  })

  it.each<[string, () => Promise<unknown>]>([
    ['top(-1)', () => board.top(-1)],
    ['top(1.5)', () => board.top(1.5)],
    ['page(0)', () => board.page(0)],
    ['page(1, 0)', () => board.page(1, 0)],
    ['page beyond safe integers', () => board.page(2 ** 52, 2 ** 10)],
    ['around(a, -1)', () => board.around('a', -1)],
  ])('refuses %s', async (_, action) => {
    await expectRejection(action, leaderboardErrors.INVALID_RANGE)
  })

  it('refuses member lists that are not arrays', async () => {
    await expectRejection(() => board.entries('a' as never), leaderboardErrors.INVALID_MEMBER)
    await expectRejection(() => board.removeMany('a' as never), leaderboardErrors.INVALID_MEMBER)
    await expectRejection(() => board.submitMany({} as never), leaderboardErrors.INVALID_MEMBER)
  })

  it('refuses an invalid date in at()', () => {
    expectCode(() => board.at(new Date('nope')), leaderboardErrors.INVALID_RANGE)
  })
})

describe('errors', () => {
  it('are layercache errors with stable codes and a name', async () => {
    const error = await open()
      .submit('', 1)
      .catch((rejection: unknown) => rejection)
    expect(error).toBeInstanceOf(LeaderboardError)
    expect(LayercacheError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ name: 'LeaderboardError', code: 'E_LEADERBOARD_INVALID_MEMBER' })
    expect(leaderboardErrors).toEqual({
      INVALID_MEMBER: 'E_LEADERBOARD_INVALID_MEMBER',
      INVALID_SCORE: 'E_LEADERBOARD_INVALID_SCORE',
      SCORE_OUT_OF_RANGE: 'E_LEADERBOARD_SCORE_OUT_OF_RANGE',
      INVALID_METADATA: 'E_LEADERBOARD_INVALID_METADATA',
      INVALID_RANGE: 'E_LEADERBOARD_INVALID_RANGE',
    })
  })
})
