import { defineScript } from '@layercache/core/store'

// These scripts serve the cache entries of one shard: every key they touch shares the shard's hash
// tag. The write scripts also touch the tag records of the entries they write — keys built from
// ARGV[1], the shard's own prefix, so a script never leaves its slot on Redis Cluster. The `local`
// sides are never used (these scripts only run on Redis) and say so.
//
// Values are read with `redis.pcall`: a key of the wrong type (a hash planted under our prefix) is
// one unreadable key, never a failed batch. Numbers given to Redis commands travel as the ARGV
// strings they came in: Lua would format a large number as '1e+17', which Redis refuses.

const redisOnly = (): never => {
  throw new Error('this script runs on Redis only')
}

/**
 * `versionOf(stored)`: the version a key is at, as a string that conditional writes compare with the
 * version the reader saw (see `decodeEnvelope` in entry-envelope.ts, which must agree): '0' for
 * nothing (or a key of another type), the version of an entry or a tombstone, 'none' for an entry
 * written without one, '-1' for any other string. `isEntry(stored)`: true for an entry of this format (not a tombstone).
 */
const versionFunctions = `
local function versionOf(stored)
  if not stored then return '0' end
  -- A key of another type reads as nothing (MGET answers nil for it): a write may replace it.
  if type(stored) ~= 'string' then return '0' end
  local version = string.match(stored, '^lc2:%d+:%[(%d+),')
  if version then
    if version == '0' then return 'none' end
    return version
  end
  return string.match(stored, '^lc2:t:(%d+)$') or '-1'
end
local function isEntry(stored)
  return type(stored) == 'string' and string.match(stored, '^lc2:%d+:') ~= nil
end
`

/** Writes an entry (and keeps its tag records at least as long), as `writeTaggedScript` does. */
const writeFunction = `
local function writeEntry(key, tagPrefix, envelope, ttl, tags)
  for _, tag in ipairs(tags) do
    local record = tagPrefix .. tag
    if redis.call('EXISTS', record) == 0 then
      redis.call('HSET', record, 'i', '0', 'x', '0')
      if tonumber(ttl) > 0 then redis.call('PEXPIRE', record, ttl) end
    else
      local left = redis.call('PTTL', record)
      if tonumber(ttl) < 0 then redis.call('PERSIST', record)
      elseif left >= 0 and left < tonumber(ttl) then redis.call('PEXPIRE', record, ttl) end
    end
  end
  if tonumber(ttl) > 0 then redis.call('SET', key, envelope, 'PX', ttl) else redis.call('SET', key, envelope) end
end
`

/**
 * Writes entries that carry tags, creating their tag records when missing and making each record
 * live at least as long as the entry.
 * KEYS: entry keys. ARGV: tag-record prefix, then per entry: envelope, ttl in ms (-1 = never
 * expires), tag count, tags…
 */
export const writeTaggedScript = defineScript({
  name: 'layercache-write-tagged',
  lua: `${writeFunction}
local position = 2
for _, key in ipairs(KEYS) do
  local tagCount = tonumber(ARGV[position + 2])
  local tags = {}
  for tagIndex = 1, tagCount do tags[tagIndex] = ARGV[position + 2 + tagIndex] end
  writeEntry(key, ARGV[1], ARGV[position], ARGV[position + 1], tags)
  position = position + 3 + tagCount
end
return #KEYS
`,
  local: redisOnly,
})

/**
 * Writes each entry only where its key is still at the version a read found.
 * KEYS: entry keys. ARGV: tag-record prefix, then per entry: expected version, envelope, ttl in ms
 * (-1 = never expires), tag count, tags…
 * Reply: per key, 1 when written, 0 when the key had moved on.
 */
export const setIfVersionScript = defineScript({
  name: 'layercache-set-if-version',
  lua: `${versionFunctions}${writeFunction}
local written = {}
local position = 2
for index, key in ipairs(KEYS) do
  local tagCount = tonumber(ARGV[position + 3])
  if versionOf(redis.pcall('GET', key)) == ARGV[position] then
    local tags = {}
    for tagIndex = 1, tagCount do tags[tagIndex] = ARGV[position + 3 + tagIndex] end
    writeEntry(key, ARGV[1], ARGV[position + 1], ARGV[position + 2], tags)
    written[index] = 1
  else
    written[index] = 0
  end
  position = position + 4 + tagCount
end
return written
`,
  local: redisOnly,
})

/**
 * Replaces keys with a tombstone (a deletion conditional writes can see), for `tombstone ttl` ms.
 * KEYS: entry keys. ARGV: tombstone, its ttl in ms, '1' to leave one where nothing was (a delete of
 * named keys) or '0' to replace entries only (a prefix delete over scanned keys).
 * Reply: how many entries were replaced.
 */
export const buryScript = defineScript({
  name: 'layercache-bury',
  lua: `${versionFunctions}
local buried = 0
for _, key in ipairs(KEYS) do
  local stored = redis.pcall('GET', key)
  if isEntry(stored) then buried = buried + 1 end
  local tombstone = type(stored) == 'string' and string.match(stored, '^lc2:t:') ~= nil
  if ARGV[3] == '1' or (stored and not tombstone) then redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
end
return buried
`,
  local: redisOnly,
})

/**
 * Makes entries stale at a time, keeping value, version, tags, end of grace and physical TTL.
 * KEYS: entry keys. ARGV[1]: the time (ms since the epoch), as JSON would write it.
 * Reply: how many entries changed.
 */
export const expireScript = defineScript({
  name: 'layercache-expire',
  lua: `
local at = tonumber(ARGV[1])
local changed = 0
for _, key in ipairs(KEYS) do
  local stored = redis.pcall('GET', key)
  if type(stored) == 'string' then
    local envelopePrefix, headerLength = string.match(stored, '^(lc2:(%d+):)')
    if envelopePrefix then
      local start = string.len(envelopePrefix) + 1
      local header = string.sub(stored, start, start + tonumber(headerLength) - 1)
      local before, expiresAt, after = string.match(header, '^(%[[^,]*,[^,]*,)([^,]*)(,.*)$')
      if expiresAt and (expiresAt == 'null' or tonumber(expiresAt) > at) then
        local rewritten = before .. ARGV[1] .. after
        local payload = string.sub(stored, start + tonumber(headerLength))
        redis.call('SET', key, 'lc2:' .. string.len(rewritten) .. ':' .. rewritten .. payload, 'KEEPTTL')
        changed = changed + 1
      end
    end
  end
end
return changed
`,
  local: redisOnly,
})

/**
 * Raises tag stamps as `raiseTagStamp` in @layercache/core does (times only move forward; a stale
 * window only shortens, and one that has closed turns into an invalidation), and keeps each record at
 * least `keepFor` ms. Numbers are compared with `tonumber` but stored as the strings they came in as:
 * Lua would round a time like 1796189070097.001 when formatting it.
 * KEYS: tag records. ARGV: invalidatedAt, expiredAt, expiredUntil ('' = unchanged / no end), keepFor ms.
 */
export const stampTagsScript = defineScript({
  name: 'layercache-stamp-tags',
  lua: `
local keepFor = tonumber(ARGV[4])
for _, record in ipairs(KEYS) do
  local current = redis.call('HMGET', record, 'i', 'x', 'u')
  local created = not current[1] and not current[2]
  local invalidated, expired, untilTime = current[1] or '0', current[2] or '0', current[3]
  if ARGV[1] ~= '' and tonumber(ARGV[1]) > tonumber(invalidated) then invalidated = ARGV[1] end
  if ARGV[2] ~= '' then
    local open = untilTime and tonumber(untilTime) or math.huge
    local given = ARGV[3] ~= '' and ARGV[3] or false
    if tonumber(expired) > 0 and open <= tonumber(ARGV[2]) then
      if tonumber(expired) > tonumber(invalidated) then invalidated = expired end
      untilTime = given
    elseif tonumber(expired) > 0 then
      if given and tonumber(given) < open then untilTime = given end
    else
      untilTime = given
    end
    if tonumber(ARGV[2]) > tonumber(expired) then expired = ARGV[2] end
  end
  redis.call('HSET', record, 'i', invalidated, 'x', expired)
  if untilTime then redis.call('HSET', record, 'u', untilTime) else redis.call('HDEL', record, 'u') end
  local left = redis.call('PTTL', record)
  if created or (left >= 0 and left < keepFor) then redis.call('PEXPIRE', record, ARGV[4]) end
end
return #KEYS
`,
  local: redisOnly,
})
