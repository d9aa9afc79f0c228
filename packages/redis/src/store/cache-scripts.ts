import { defineScript } from '@layercache/core'

// These scripts serve the cache entries of one shard: every key they touch shares the shard's hash
// tag. The read script also reads the tag records of the entries it finds — keys it cannot list in
// KEYS because they are only known once the entries are read; they are built from ARGV[1], the
// shard's own prefix, so the script never leaves its slot on Redis Cluster. The `local` sides are
// never used (these scripts only run on Redis) and say so.

const redisOnly = (): never => {
  throw new Error('this script runs on Redis only')
}

/**
 * Reads entries and the stamps of their tags in one call.
 * KEYS: entry keys. ARGV[1]: the shard's tag-record prefix (`<prefix>{sN}:t:`).
 * Reply: per key, nil or `{ envelope, { {invalidatedAt, expiredAt}, ... } }` aligned with the tags.
 */
export const readEntriesScript = defineScript({
  name: 'layercache-read-entries',
  lua: `
local replies = {}
for index, key in ipairs(KEYS) do
  local stored = redis.call('GET', key)
  if not stored then
    replies[index] = false
  else
    local stamps = {}
    local envelopePrefix, headerLength = string.match(stored, '^(lc%d+:(%d+):)')
    local start = envelopePrefix and string.len(envelopePrefix) + 1
    -- The header opens with '['; a second '[' inside it is the tag list. Untagged entries skip cjson.
    local tagged = start and string.find(stored, '[', start + 1, true)
    if tagged and tagged < start + tonumber(headerLength) then
      local ok, header = pcall(cjson.decode, string.sub(stored, start, start + tonumber(headerLength) - 1))
      if ok and type(header) == 'table' and type(header[4]) == 'table' then
        for tagIndex, tag in ipairs(header[4]) do
          local record = redis.call('HMGET', ARGV[1] .. tag, 'i', 'x')
          stamps[tagIndex] = { record[1] or '0', record[2] or '0' }
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
  lua: `
local position = 2
for _, key in ipairs(KEYS) do
  local envelope = ARGV[position]
  local ttl = tonumber(ARGV[position + 1])
  local tagCount = tonumber(ARGV[position + 2])
  for tagIndex = 1, tagCount do
    local record = ARGV[1] .. ARGV[position + 2 + tagIndex]
    if redis.call('EXISTS', record) == 0 then
      redis.call('HSET', record, 'i', '0', 'x', '0')
      if ttl > 0 then redis.call('PEXPIRE', record, ttl) end
    else
      local left = redis.call('PTTL', record)
      if ttl < 0 then redis.call('PERSIST', record)
      elseif left >= 0 and left < ttl then redis.call('PEXPIRE', record, ttl) end
    end
  end
  if ttl > 0 then redis.call('SET', key, envelope, 'PX', ttl) else redis.call('SET', key, envelope) end
  position = position + 3 + tagCount
end
return #KEYS
`,
  local: redisOnly,
})

/**
 * Raises tag stamps (never lowers them) and keeps each record at least `keepFor` ms.
 * KEYS: tag records. ARGV: invalidatedAt ('' = unchanged), expiredAt ('' = unchanged), keepFor ms.
 */
export const stampTagsScript = defineScript({
  name: 'layercache-stamp-tags',
  lua: `
local keepFor = tonumber(ARGV[3])
for _, record in ipairs(KEYS) do
  local current = redis.call('HMGET', record, 'i', 'x')
  local created = not current[1] and not current[2]
  if created then redis.call('HSET', record, 'i', '0', 'x', '0') end
  if ARGV[1] ~= '' and tonumber(ARGV[1]) > tonumber(current[1] or '0') then redis.call('HSET', record, 'i', ARGV[1]) end
  if ARGV[2] ~= '' and tonumber(ARGV[2]) > tonumber(current[2] or '0') then redis.call('HSET', record, 'x', ARGV[2]) end
  local left = redis.call('PTTL', record)
  if created or (left >= 0 and left < keepFor) then redis.call('PEXPIRE', record, keepFor) end
end
return #KEYS
`,
  local: redisOnly,
})
