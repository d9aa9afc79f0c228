import { defineScript } from '@layercache/core/store'
import { encodeScore } from '../score-encoding.js'
import { LocalBoard } from './local-board.js'
import { addToSortedSet, increment, setHashField } from './local-commands.js'
import {
  LUA_ADD_DISTINCT,
  LUA_BOARD,
  LUA_ENSURE_DISTINCT,
  LUA_EXPIRY,
  LUA_PREPARE_DISTINCT,
  LUA_RANKS,
  LUA_READ_ENTRY,
  LUA_SCORE_TEXT,
} from './lua-library.js'
import { SUBMIT_APPLIED, SUBMIT_OUT_OF_RANGE, type SubmitReply, type SubmitRow } from './replies.js'

// A tie key is the sequence number, or 2^53 minus it when equal scores must list earlier writes
// later in ascending byte order (desc boards list ties in reverse byte order).
const TIE_KEY_BASE = 9_007_199_254_740_992
const FIRST_ITEM = 6

/**
 * Submits scores. KEYS: the five board keys. ARGV: header (order, rank mode, expiry kind, expiry
 * ms), update mode, tie break, then `member, score, metadata JSON or ''` per item. Reply:
 * {@link SubmitReply}; ranks are read after every item is applied. With `increment`, a sum that is
 * not finite refuses the whole call before anything is written.
 */
export const submitScript = defineScript<SubmitReply>({
  name: 'leaderboard-submit',
  lua: `${LUA_BOARD}${LUA_SCORE_TEXT}${LUA_READ_ENTRY}${LUA_RANKS}${LUA_ENSURE_DISTINCT}${LUA_PREPARE_DISTINCT}${LUA_ADD_DISTINCT}${LUA_EXPIRY}
if redis.replicate_commands then redis.replicate_commands() end
local updateMode = ARGV[5]
local invertTieKey = descending == (ARGV[6] == 'earliest')
local itemCount = (#ARGV - ${FIRST_ITEM}) / 3
local function item(index, field) return ARGV[${FIRST_ITEM} + index * 3 + field] end

if updateMode == 'increment' then
  local sums = {}
  for index = 0, itemCount - 1 do
    local member = item(index, 1)
    local sum = sums[member]
    if sum == nil then
      local _, score = readEntry(member)
      sum = score or 0
    end
    sum = sum + tonumber(item(index, 2))
    if sum == math.huge or sum == -math.huge then return { ${SUBMIT_OUT_OF_RANGE}, index } end
    sums[member] = sum
  end
end

prepareDistinct()
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local outcomes = {}
for index = 0, itemCount - 1 do
  local member, given, metadata = item(index, 1), tonumber(item(index, 2)), item(index, 3)
  local composite, previous = readEntry(member)
  local target = given
  if previous and updateMode == 'increment' then target = previous + given end
  local changed = not previous
  if previous and target ~= previous then
    changed = updateMode ~= 'best' or (descending and target > previous) or (not descending and target < previous)
  end
  if changed then
    if previous then
      redis.call('ZREM', scoresKey, composite)
      if dense then removeDistinctIfUnused(previous) end
    end
    local sequence = redis.call('INCR', sequenceKey)
    if invertTieKey then sequence = ${TIE_KEY_BASE} - sequence end
    local tieKey = string.format('%016d', sequence)
    redis.call('ZADD', scoresKey, redisNumber(target), tieKey .. member)
    redis.call('HSET', entriesKey, member, tieKey .. ':' .. string.format('%d', now))
    if dense then addDistinct(target) end
  end
  if metadata ~= '' then redis.call('HSET', metadataKey, member, metadata) end
  outcomes[index + 1] = { member, changed and 1 or 0, previous and encodeScore(previous) or false }
end

local rows = {}
for index = 1, itemCount do
  local member = outcomes[index][1]
  local composite, score, reachedAt = readEntry(member)
  rows[index] = { member, encodeScore(score), rankOf(composite, score), reachedAt, outcomes[index][2], outcomes[index][3] }
end
applyExpiry()
return { ${SUBMIT_APPLIED}, rows }
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    const updateMode = args[4]
    const invertTieKey = board.descending === (args[5] === 'earliest')
    const itemCount = (args.length - FIRST_ITEM) / 3
    const item = (index: number, field: number) => String(args[FIRST_ITEM + index * 3 + field - 1])

    if (updateMode === 'increment') {
      const sums = new Map<string, number>()
      for (let index = 0; index < itemCount; index++) {
        const member = item(index, 1)
        const sum = (sums.get(member) ?? board.readEntry(member)?.score ?? 0) + Number(item(index, 2))
        if (!Number.isFinite(sum)) return [SUBMIT_OUT_OF_RANGE, index]
        sums.set(member, sum)
      }
    }

    board.prepareDistinct()
    const now = Math.floor(context.now())
    const outcomes: [member: string, changed: 0 | 1, previous: string | null][] = []
    for (let index = 0; index < itemCount; index++) {
      const member = item(index, 1)
      const given = Number(item(index, 2))
      const metadata = item(index, 3)
      const entry = board.readEntry(member)
      const previous = entry?.score
      const target = previous !== undefined && updateMode === 'increment' ? previous + given : given
      let changed = previous === undefined
      if (previous !== undefined && target !== previous) {
        changed = updateMode !== 'best' || (board.descending ? target > previous : target < previous)
      }
      if (changed) {
        if (entry !== undefined) board.dropScore(entry)
        const sequence = increment(context, board.sequenceKey)
        const tieKey = String(invertTieKey ? TIE_KEY_BASE - sequence : sequence).padStart(16, '0')
        addToSortedSet(context, board.scoresKey, target, tieKey + member)
        setHashField(context, board.entriesKey, member, `${tieKey}:${now}`)
        if (board.dense) board.addDistinct(target)
      }
      if (metadata !== '') setHashField(context, board.metadataKey, member, metadata)
      outcomes.push([member, changed ? 1 : 0, previous === undefined ? null : encodeScore(previous)])
    }

    const rows: SubmitRow[] = outcomes.map(([member, changed, previous]) => {
      const entry = board.readEntry(member)!
      const rank = board.rankOf(entry.composite, entry.score)
      return [member, encodeScore(entry.score), rank, entry.reachedAt, changed, previous]
    })
    board.applyExpiry()
    return [SUBMIT_APPLIED, rows]
  },
})
