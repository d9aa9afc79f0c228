import { defineScript } from '@layercache/core/store'
import { LocalBoard } from './local-board.js'
import { deleteHashField, setHashField } from './local-commands.js'
import {
  LUA_BOARD,
  LUA_ENSURE_DISTINCT,
  LUA_EXPIRY,
  LUA_PREPARE_DISTINCT,
  LUA_READ_ENTRY,
  LUA_SCORE_TEXT,
} from './lua-library.js'

/**
 * Removes members with their metadata. KEYS: the five board keys. ARGV: header, then member ids.
 * Reply: how many of them were on the board.
 */
export const removeScript = defineScript<number>({
  name: 'leaderboard-remove',
  lua: `${LUA_BOARD}${LUA_SCORE_TEXT}${LUA_READ_ENTRY}${LUA_ENSURE_DISTINCT}${LUA_PREPARE_DISTINCT}${LUA_EXPIRY}
prepareDistinct()
local removed = 0
for index = 5, #ARGV do
  local member = ARGV[index]
  local composite, score = readEntry(member)
  if composite then
    redis.call('ZREM', scoresKey, composite)
    if dense then removeDistinctIfUnused(score) end
    removed = removed + 1
  end
  redis.call('HDEL', entriesKey, member)
  redis.call('HDEL', metadataKey, member)
end
applyExpiry()
return removed
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    board.prepareDistinct()
    let removed = 0
    for (const argument of args.slice(4)) {
      const member = String(argument)
      const entry = board.readEntry(member)
      if (entry !== undefined) {
        board.dropScore(entry)
        removed++
      }
      deleteHashField(context, board.entriesKey, member)
      deleteHashField(context, board.metadataKey, member)
    }
    board.applyExpiry()
    return removed
  },
})

/**
 * Replaces a member's metadata. KEYS: the five board keys. ARGV: header, member, metadata JSON.
 * Reply: 1, or 0 when the member is not on the board (nothing is stored then).
 */
export const setMetadataScript = defineScript<number>({
  name: 'leaderboard-set-metadata',
  lua: `${LUA_BOARD}${LUA_READ_ENTRY}${LUA_EXPIRY}
if not readEntry(ARGV[5]) then return 0 end
redis.call('HSET', metadataKey, ARGV[5], ARGV[6])
applyExpiry()
return 1
`,
  local: (context, keys, args) => {
    const board = new LocalBoard(context, keys, args)
    if (board.readEntry(String(args[4])) === undefined) return 0
    setHashField(context, board.metadataKey, String(args[4]), String(args[5]))
    board.applyExpiry()
    return 1
  },
})

/** Deletes every key of the board. KEYS: the five board keys. ARGV: header. Reply: keys deleted. */
export const clearScript = defineScript<number>({
  name: 'leaderboard-clear',
  lua: `
return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
`,
  local: (context, keys) => keys.filter((key) => context.delete(key)).length,
})
