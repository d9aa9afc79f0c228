import { defineScript } from '@layercache/core/store'
import { encodeScore } from '../score-encoding.js'
import { LocalBoard } from './local-board.js'
import { hashField } from './local-commands.js'
import { LUA_BOARD, LUA_ENSURE_DISTINCT, LUA_RANKS, LUA_READ_ENTRY, LUA_SCORE_TEXT } from './lua-library.js'
import type { EntryRow } from './replies.js'

/**
 * Reads members. KEYS: the five board keys. ARGV: header, then member ids. Reply: one
 * {@link EntryRow} or null per member, aligned with the ids.
 */
export const readMembersScript = defineScript<(EntryRow | null)[]>({
  name: 'leaderboard-read-members',
  lua: `${LUA_BOARD}${LUA_SCORE_TEXT}${LUA_READ_ENTRY}${LUA_RANKS}${LUA_ENSURE_DISTINCT}
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

/** Counts members. KEYS: the five board keys. ARGV: header. Reply: the count. */
export const countScript = defineScript<number>({
  name: 'leaderboard-count',
  lua: `
return redis.call('ZCARD', KEYS[1])
`,
  local: (context, keys, args) => new LocalBoard(context, keys, args).scores?.size ?? 0,
})
