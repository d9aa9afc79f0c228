import { defineScript } from '@layercache/core'

// These scripts serve the cache entries of one shard: every key they touch shares the shard's hash
// tag. The read script also reads the tag records of the entries it finds — keys it cannot list in
// KEYS because they are only known once the entries are read; they are built from ARGV[1], the
// shard's own prefix, so the script never leaves its slot on Redis Cluster. The `local` sides are
// never used (these scripts only run on Redis) and say so.
//
// Values are read with `redis.pcall`: a key of the wrong type (a hash planted under our prefix) is
// one unreadable key, never a failed batch. Numbers given to Redis commands travel as the ARGV
// strings they came in: Lua would format a large number as '1e+17', which Redis refuses.

const redisOnly = (): never => {
  throw new Error('this script runs on Redis only')
}

/**
 * `versionOf(stored)`: the version a key is at, as a string that conditional writes compare with the
 * version the reader saw (see `readVersion` in entry-envelope.ts, which must agree): '0' for nothing,
 * the version of an entry or a tombstone, 'none' for an entry written without one, '-1' for anything
 * unreadable. `isEntry(stored)`: true for an entry of this format (not a tombstone).
 */
const versionFunctions = `
local function versionOf(stored)
  if not stored then return '0' end
  if type(stored) ~= 'string' then return '-1' end
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
 * Reads entries and the stamps of their tags in one call.
 * KEYS: entry keys. ARGV[1]: the shard's tag-record prefix (`<prefix>{sN}:t:`).
 * Reply: per key, nil; `{ stored, { {invalidatedAt, expiredAt}, ... } }` aligned with the tags; or
 * `{ '!', message, 1 }` when the key cannot be read (a wrong type). A tag record that cannot be read
 * reads as invalidated at the end of time.
 */
export const readEntriesScript = defineScript({
  name: 'layercache-read-entries',
  lua: `
local replies = {}
for index, key in ipairs(KEYS) do
  local stored = redis.pcall('GET', key)
  if type(stored) == 'table' then
    replies[index] = { '!', tostring(stored.err), 1 }
  elseif not stored then
    replies[index] = false
  else
    local stamps = {}
    local envelopePrefix, headerLength = string.match(stored, '^(lc2:(%d+):)')
    local start = envelopePrefix and string.len(envelopePrefix) + 1
    -- The header opens with '['; a second '[' inside it is the tag list. Untagged entries skip cjson.
    local tagged = start and string.find(stored, '[', start + 1, true)
    if tagged and tagged < start + tonumber(headerLength) then
      local ok, header = pcall(cjson.decode, string.sub(stored, start, start + tonumber(headerLength) - 1))
      if ok and type(header) == 'table' and type(header[5]) == 'table' then
        for tagIndex, tag in ipairs(header[5]) do
          if type(tag) == 'string' then
            local record = redis.pcall('HMGET', ARGV[1] .. tag, 'i', 'x', 'u')
            -- A tag record that cannot be read voids the entry: it may hold an invalidation.
            if record.err then stamps[tagIndex] = { '9007199254740991', '0', '' }
            else stamps[tagIndex] = { record[1] or '0', record[2] or '0', record[3] or '' } end
          end
        end
      end
    end
    replies[index] = { stored, stamps }
  end
end
return replies
`,
  local: redisOnly,
})

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
