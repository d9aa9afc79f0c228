/**
 * Lua helpers of the leaderboard scripts, mirrored line by line by `LocalBoard` for in-process stores.
 * Each script takes only the parts it uses (a closure costs time on every call, used or not).
 *
 * KEYS (one hash tag per board or period):
 *   1 scores   sorted set: score → `<tie key><member>`; the 16-digit tie key orders equal scores
 *   2 entries  hash: member → `<tie key>:<reachedAt ms>`
 *   3 metadata hash: member → metadata JSON
 *   4 sequence counter: one step per score change, source of tie keys
 *   5 distinct sorted set of distinct scores (dense boards only), for O(log n) dense ranks
 * ARGV 1 order ('desc'|'asc'), 2 rank mode, 3 expiry kind ('none'|'at'|'in'), 4 expiry milliseconds;
 * script arguments follow from ARGV 5.
 *
 * Scores in replies use encodeScore (exact text, see score-encoding.ts), except the rows of ranges,
 * which pass on Redis's own score text (%.17g, or the shortest round-trip text since Redis 7.2: either
 * parses back to the same double). Scores sent to Redis use %.17g, which Redis parses back to the
 * same double (Lua's tostring would keep 14 digits).
 */

/** The board keys and header: `scoresKey` .. `distinctKey`, `descending`, `rankMode`, `dense`. */
export const LUA_BOARD = `
local scoresKey, entriesKey, metadataKey, sequenceKey, distinctKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local descending = ARGV[1] == 'desc'
local rankMode = ARGV[2]
local dense = rankMode == 'dense'
`

/** `encodeScore(score)` (exact reply text) and `redisNumber(score)` (text for Redis). */
export const LUA_SCORE_TEXT = `
local function encodeScore(score)
  if score == math.floor(score) and score > -9007199254740992 and score < 9007199254740992 then
    return string.format('%d', score)
  end
  local mantissa, exponent = math.frexp(score)
  mantissa = mantissa * 9007199254740992
  exponent = exponent - 53
  while mantissa % 2 == 0 do
    mantissa = mantissa / 2
    exponent = exponent + 1
  end
  return string.format('%d', mantissa) .. 'p' .. string.format('%d', exponent)
end

local function redisNumber(score)
  return string.format('%.17g', score)
end
`

/** `readEntry(member)`: composite member, score and reachedAt, or nil. Needs LUA_BOARD. */
export const LUA_READ_ENTRY = `
local function readEntry(member)
  local stored = redis.call('HGET', entriesKey, member)
  if not stored then return nil end
  local composite = string.sub(stored, 1, 16) .. member
  local score = redis.call('ZSCORE', scoresKey, composite)
  if not score then return nil end
  return composite, tonumber(score), tonumber(string.sub(stored, 18))
end
`

/** `countBetter`, `positionOf`, `rankOf`. Needs LUA_BOARD and LUA_SCORE_TEXT. */
export const LUA_RANKS = `
local function countBetter(key, score)
  local bound = '(' .. redisNumber(score)
  if descending then return redis.call('ZCOUNT', key, bound, '+inf') end
  return redis.call('ZCOUNT', key, '-inf', bound)
end

local function positionOf(composite)
  if descending then return redis.call('ZREVRANK', scoresKey, composite) end
  return redis.call('ZRANK', scoresKey, composite)
end

local function rankOf(composite, score)
  if rankMode == 'competition' then return countBetter(scoresKey, score) + 1 end
  if dense then return countBetter(distinctKey, score) + 1 end
  return positionOf(composite) + 1
end
`

/** `ensureDistinct()`: builds the distinct-score set of a dense board if missing. Needs LUA_BOARD, LUA_SCORE_TEXT. */
export const LUA_ENSURE_DISTINCT = `
local function ensureDistinct()
  if redis.call('EXISTS', distinctKey) == 1 then return end
  local total = redis.call('ZCARD', scoresKey)
  for start = 0, total - 1, 1000 do
    local rows = redis.call('ZRANGE', scoresKey, start, start + 999, 'WITHSCORES')
    local arguments = {}
    for index = 2, #rows, 2 do
      local score = tonumber(rows[index])
      arguments[#arguments + 1] = redisNumber(score)
      arguments[#arguments + 1] = encodeScore(score)
    end
    redis.call('ZADD', distinctKey, unpack(arguments))
  end
  local ttl = redis.call('PTTL', scoresKey)
  if total > 0 and ttl > 0 then redis.call('PEXPIRE', distinctKey, ttl) end
end
`

/**
 * `prepareDistinct()` (before a write: build the set on dense boards, drop it on others) and
 * `removeDistinctIfUnused(score)`. Needs LUA_ENSURE_DISTINCT.
 */
export const LUA_PREPARE_DISTINCT = `
local function prepareDistinct()
  if dense then ensureDistinct() else redis.call('DEL', distinctKey) end
end

local function removeDistinctIfUnused(score)
  local text = redisNumber(score)
  if redis.call('ZCOUNT', scoresKey, text, text) == 0 then redis.call('ZREM', distinctKey, encodeScore(score)) end
end
`

/** `addDistinct(score)`. Needs LUA_BOARD, LUA_SCORE_TEXT. */
export const LUA_ADD_DISTINCT = `
local function addDistinct(score)
  redis.call('ZADD', distinctKey, redisNumber(score), encodeScore(score))
end
`

/** `fieldsOf(key, members)`: HMGET in chunks of 1,000 (unpack has a stack limit). */
export const LUA_FIELDS = `
local function fieldsOf(key, members)
  local values = {}
  for start = 1, #members, 1000 do
    local chunk = redis.call('HMGET', key, unpack(members, start, math.min(#members, start + 999)))
    for index = 1, #chunk do values[start + index - 1] = chunk[index] end
  end
  return values
end
`

/** `applyExpiry()`: the TTL a write gives every board key. Needs the header in ARGV 3-4. */
export const LUA_EXPIRY = `
local function applyExpiry()
  if ARGV[3] == 'none' then return end
  for index = 1, #KEYS do
    if ARGV[3] == 'at' then
      redis.call('PEXPIREAT', KEYS[index], ARGV[4])
    else
      redis.call('PEXPIRE', KEYS[index], ARGV[4])
    end
  end
end
`
