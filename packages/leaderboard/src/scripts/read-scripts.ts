import { defineScript } from '@layercache/core/store'
import { encodeScore } from '../score-encoding.js'
import { LocalBoard } from './local-board.js'
import { hashField } from './local-commands.js'
import { LUA_LIBRARY } from './lua-library.js'
import type { EntryRow, RangeReply } from './replies.js'

/**
 * Reads members. KEYS: the five board keys. ARGV: header, then member ids. Reply: one
 * {@link EntryRow} or null per member, aligned with the ids.
 */
export const readMembersScript = defineScript<(EntryRow | null)[]>({
  name: 'leaderboard-read-members',
  lua: `${LUA_LIBRARY}
if dense then ensureDistinct() end
local rows = {}
for index = 5, #ARGV do
  local member = ARGV[index]
  local composite, score, reachedAt = readEntry(member)
  if composite then
    rows[#rows + 1] = { member, encodeScore(score), rankOf(composite, score), reachedAt, redis.call('HGET', metadataKey, member) }
  else
    rows[#rows + 1] = false
  end
end
return rows
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    if (board.dense) board.ensureDistinct()
    return args.slice(4).map((argument): EntryRow | null => {
      const member = String(argument)
      const entry = board.readEntry(member)
      if (entry === undefined) return null
      const metadata = hashField(context, board.metadataKey, member) ?? null
      return [
        member,
        encodeScore(entry.score),
        board.rankOf(entry.composite, entry.score),
        entry.reachedAt,
        metadata,
      ]
    })
  },
})

/**
 * Reads positions `start..stop` (0-based, inclusive, best first). KEYS: the five board keys. ARGV:
 * header, start, stop. Reply: {@link RangeReply}.
 */
export const rangeScript = defineScript<RangeReply>({
  name: 'leaderboard-range',
  lua: `${LUA_LIBRARY}
if dense then ensureDistinct() end
return { redis.call('ZCARD', scoresKey), rangeReply(tonumber(ARGV[5]), tonumber(ARGV[6])) }
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    if (board.dense) board.ensureDistinct()
    return [board.scores?.size ?? 0, board.rangeReply(Number(args[4]), Number(args[5]))]
  },
})

/**
 * Reads a member and its neighbours. KEYS: the five board keys. ARGV: header, member, how many
 * before, how many after, fill borders ('1' or '0': near an end, take more from the other side so
 * the window keeps its size). Reply: {@link RangeReply}, with no rows when the member is absent.
 */
export const aroundScript = defineScript<RangeReply>({
  name: 'leaderboard-around',
  lua: `${LUA_LIBRARY}
if dense then ensureDistinct() end
local before, after = tonumber(ARGV[6]), tonumber(ARGV[7])
local total = redis.call('ZCARD', scoresKey)
local composite = readEntry(ARGV[5])
if not composite then return { total, {} } end
local position = positionOf(composite)
local start, stop = math.max(0, position - before), math.min(total - 1, position + after)
if ARGV[8] == '1' then
  if start == 0 then stop = math.min(total - 1, before + after) end
  if stop == total - 1 then start = math.max(0, total - 1 - before - after) end
end
return { total, rangeReply(start, stop) }
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    if (board.dense) board.ensureDistinct()
    const before = Number(args[5])
    const after = Number(args[6])
    const total = board.scores?.size ?? 0
    const entry = board.readEntry(String(args[4]))
    if (entry === undefined) return [total, []]
    const position = board.positionOf(entry.composite)
    let start = Math.max(0, position - before)
    let stop = Math.min(total - 1, position + after)
    if (args[7] === '1') {
      if (start === 0) stop = Math.min(total - 1, before + after)
      if (stop === total - 1) start = Math.max(0, total - 1 - before - after)
    }
    return [total, board.rangeReply(start, stop)]
  },
})

/** Counts members. KEYS: the five board keys. ARGV: header. Reply: the count. */
export const countScript = defineScript<number>({
  name: 'leaderboard-count',
  lua: `${LUA_LIBRARY}
return redis.call('ZCARD', scoresKey)
`,
  local: (context, keys, args) => new LocalBoard(context, keys, args).scores?.size ?? 0,
})
