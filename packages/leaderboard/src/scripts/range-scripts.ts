import { defineScript } from '@layercache/core/store'
import { LocalBoard } from './local-board.js'
import { hashField, scoredRange, sortedSetAt } from './local-commands.js'
import { LUA_BOARD, LUA_ENSURE_DISTINCT, LUA_FIELDS, LUA_RANKS, LUA_SCORE_TEXT } from './lua-library.js'
import { type RangeReply, type ScoredRows, TOTAL_NOT_ASKED } from './replies.js'

/**
 * Rows `start..stop` (0-based, inclusive, best first) as `ZRANGE ... WITHSCORES` answers them: the
 * read of an ordinal board when no details are asked for, so nothing but the range runs. KEYS: the
 * scores key. ARGV: order, start, stop. Reply: {@link ScoredRows}.
 */
export const scoredRowsScript = defineScript<ScoredRows>({
  name: 'leaderboard-scored-rows',
  lua: `
if ARGV[1] == 'desc' then return redis.call('ZREVRANGE', KEYS[1], ARGV[2], ARGV[3], 'WITHSCORES') end
return redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'WITHSCORES')
`,
  local: (context, [scoresKey], [order, start, stop]) =>
    scoredRange(context, scoresKey!, order === 'desc', Number(start), Number(stop)),
})

/**
 * A member and its neighbours as {@link ScoredRows}, with the position of the first row: the around
 * of an ordinal board when no details are asked for. KEYS: the scores and entries keys. ARGV: order,
 * member, how many before, how many after, fill borders ('1' or '0', as in {@link aroundScript}).
 * Reply: `[start, rows]`, with no rows when the member is absent.
 */
export const aroundRowsScript = defineScript<[start: number, rows: ScoredRows]>({
  name: 'leaderboard-around-rows',
  lua: `
local member, before, after = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local stored = redis.call('HGET', KEYS[2], member)
if not stored then return { 0, {} } end
local composite = string.sub(stored, 1, 16) .. member
local range, position = 'ZRANGE', nil
if ARGV[1] == 'desc' then
  range, position = 'ZREVRANGE', redis.call('ZREVRANK', KEYS[1], composite)
else
  position = redis.call('ZRANK', KEYS[1], composite)
end
if not position then return { 0, {} } end
local start, stop = math.max(0, position - before), position + after
if ARGV[5] == '1' then
  local total = redis.call('ZCARD', KEYS[1])
  stop = math.min(total - 1, stop)
  if start == 0 then stop = math.min(total - 1, before + after) end
  if stop == total - 1 then start = math.max(0, total - 1 - before - after) end
end
return { start, redis.call(range, KEYS[1], start, stop, 'WITHSCORES') }
`,
  local: (context, [scoresKey, entriesKey], [order, member, beforeText, afterText, fill]) => {
    const descending = order === 'desc'
    const stored = hashField(context, entriesKey!, String(member))
    const scores = sortedSetAt(context, scoresKey!)
    const ascending =
      stored === undefined ? undefined : scores?.position(stored.slice(0, 16) + String(member))
    if (ascending === undefined || scores === undefined) return [0, []]
    const position = descending ? scores.size - 1 - ascending : ascending
    const before = Number(beforeText)
    const after = Number(afterText)
    let start = Math.max(0, position - before)
    let stop = position + after
    if (fill === '1') {
      const total = scores.size
      stop = Math.min(total - 1, stop)
      if (start === 0) stop = Math.min(total - 1, before + after)
      if (stop === total - 1) start = Math.max(0, total - 1 - before - after)
    }
    return [start, scoredRange(context, scoresKey!, descending, start, stop)]
  },
})

// rangeRows(total, start, stop): the RangeReply of positions start..stop. ARGV[5] and ARGV[6] say
// whether reachedAt and metadata are wanted. Ranks after the first follow from the scores.
const LUA_RANGE_ROWS = `
local withReachedAt, withMetadata = ARGV[5] == '1', ARGV[6] == '1'

local function rangeRows(total, start, stop)
  local rows
  if descending then
    rows = redis.call('ZREVRANGE', scoresKey, start, stop, 'WITHSCORES')
  else
    rows = redis.call('ZRANGE', scoresKey, start, stop, 'WITHSCORES')
  end
  if #rows == 0 then return { total, start, 0, rows, {}, {} } end
  local firstRank = start + 1
  if rankMode ~= 'ordinal' then firstRank = rankOf(rows[1], tonumber(rows[2])) end
  local reachedAt, metadata = {}, {}
  if withReachedAt or withMetadata then
    local members = {}
    for index = 1, #rows, 2 do members[#members + 1] = string.sub(rows[index], 17) end
    if withReachedAt then
      local stored = fieldsOf(entriesKey, members)
      for index = 1, #members do reachedAt[index] = stored[index] and tonumber(string.sub(stored[index], 18)) or 0 end
    end
    if withMetadata then metadata = fieldsOf(metadataKey, members) end
  end
  return { total, start, firstRank, rows, reachedAt, metadata }
end
`

const flag = (argument: unknown) => argument === '1'

/**
 * Reads positions `start..stop` (0-based, inclusive, best first). KEYS: the five board keys. ARGV:
 * header, with reachedAt ('1'|'0'), with metadata, with the board size, start, stop.
 * Reply: {@link RangeReply}.
 */
export const rangeScript = defineScript<RangeReply>({
  name: 'leaderboard-range',
  lua: `${LUA_BOARD}${LUA_SCORE_TEXT}${LUA_RANKS}${LUA_ENSURE_DISTINCT}${LUA_FIELDS}${LUA_RANGE_ROWS}
if dense then ensureDistinct() end
local total = ${TOTAL_NOT_ASKED}
if ARGV[7] == '1' then total = redis.call('ZCARD', scoresKey) end
return rangeRows(total, tonumber(ARGV[8]), tonumber(ARGV[9]))
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    if (board.dense) board.ensureDistinct()
    const total = flag(args[6]) ? (board.scores?.size ?? 0) : TOTAL_NOT_ASKED
    return board.rangeRows(total, Number(args[7]), Number(args[8]), flag(args[4]), flag(args[5]))
  },
})

/**
 * Reads a member and its neighbours. KEYS: the five board keys. ARGV: header, with reachedAt,
 * with metadata, member, how many before, how many after, fill borders ('1' or '0': near
 * an end, take more from the other side so the window keeps its size). Reply: {@link RangeReply}
 * (the board size only with fill borders), with no rows when the member is absent.
 */
export const aroundScript = defineScript<RangeReply>({
  name: 'leaderboard-around',
  lua: `${LUA_BOARD}${LUA_SCORE_TEXT}${LUA_RANKS}${LUA_ENSURE_DISTINCT}${LUA_FIELDS}${LUA_RANGE_ROWS}
if dense then ensureDistinct() end
local member, before, after = ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])
local stored = redis.call('HGET', entriesKey, member)
local position = stored and positionOf(string.sub(stored, 1, 16) .. member)
if not position then return { ${TOTAL_NOT_ASKED}, 0, 0, {}, {}, {} } end
local start, stop = math.max(0, position - before), position + after
local total = ${TOTAL_NOT_ASKED}
if ARGV[10] == '1' then
  total = redis.call('ZCARD', scoresKey)
  stop = math.min(total - 1, stop)
  if start == 0 then stop = math.min(total - 1, before + after) end
  if stop == total - 1 then start = math.max(0, total - 1 - before - after) end
end
return rangeRows(total, start, stop)
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    if (board.dense) board.ensureDistinct()
    const before = Number(args[7])
    const after = Number(args[8])
    const entry = board.readEntry(String(args[6]))
    if (entry === undefined) return [TOTAL_NOT_ASKED, 0, 0, [], [], []]
    const position = board.positionOf(entry.composite)
    let start = Math.max(0, position - before)
    let stop = position + after
    let total = TOTAL_NOT_ASKED
    if (args[9] === '1') {
      total = board.scores!.size
      stop = Math.min(total - 1, stop)
      if (start === 0) stop = Math.min(total - 1, before + after)
      if (stop === total - 1) start = Math.max(0, total - 1 - before - after)
    }
    return board.rangeRows(total, start, stop, flag(args[4]), flag(args[5]))
  },
})
