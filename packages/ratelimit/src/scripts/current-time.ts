import type { LocalScriptContext } from '@layercache/core/store'

/**
 * Lua: the store's time in whole milliseconds, from Redis `TIME` — never the caller's clock, so
 * servers with skewed clocks share one timeline. Every script starts with it. Redis 3.2 to 4.x
 * replicate scripts verbatim and refuse writes after `TIME` unless told to replicate effects (the
 * default since Redis 5), hence the guarded `replicate_commands` call, a no-op where it is not needed.
 */
export const currentTimeLua = `
if redis.replicate_commands then redis.replicate_commands() end
local function current_time()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
`

/** The local side's time: the memory store's clock, in whole milliseconds like the Lua side. */
export function currentTime(context: LocalScriptContext): number {
  return Math.floor(context.now())
}

/**
 * Lua: `local now`, the store's time like {@link currentTimeLua}, without a function per call; Redis
 * 7 and later (which define `REDIS_VERSION_NUM`) always replicate effects, so they skip the call.
 */
export const nowLua = `
if redis.REDIS_VERSION_NUM == nil and redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`
