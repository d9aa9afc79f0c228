import { defineScript } from '@layercache/core/store'
import { currentTime, currentTimeLua } from './current-time.js'

/** The block script's reply: `[now, blockedUntil]`. */
export type BlockReply = [now: number, blockedUntil: number]

/**
 * Blocks an identifier until `now + duration`, or keeps a longer block already in place (a block is
 * never shortened; `reset` lifts it).
 *
 * - KEYS: `[blockKey]`.
 * - ARGV: `[durationMs]` (a whole number of milliseconds, at least 1).
 * - Reply: {@link BlockReply}. The key holds `blockedUntil` and expires then.
 */
export const blockScript = defineScript<BlockReply>({
  name: 'ratelimit-block',
  lua: `${currentTimeLua.trim()}
local now = current_time()
local blocked_until = now + tonumber(ARGV[1])
local existing = tonumber(redis.call('GET', KEYS[1]) or '')
if existing ~= nil and existing > blocked_until then blocked_until = existing end
redis.call('SET', KEYS[1], blocked_until, 'PX', blocked_until - now)
return { now, blocked_until }`,
  local: (context, keys, args) => {
    const now = currentTime(context)
    const existing = context.get<number>(keys[0]!)
    const blockedUntil = Math.max(now + Number(args[0]), existing ?? 0)
    context.set(keys[0]!, blockedUntil, blockedUntil - now)
    return [now, blockedUntil]
  },
})
