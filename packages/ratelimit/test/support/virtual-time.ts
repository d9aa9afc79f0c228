import type { AtomicScript } from '@layercache/core/store'

/** How much longer than the script asked keys live in Redis under virtual time (one day). */
export const TTL_OFFSET = 86_400_000

/**
 * A Lua prelude that shadows `redis` for the script after it: `TIME` answers the virtual time passed
 * as the last ARGV, and every TTL the script sets (PEXPIRE, SET ... PX) is lengthened by
 * {@link TTL_OFFSET}, so that keys never expire in real time while virtual time stands still. The
 * production Lua runs unchanged after it; that keys then outlive their TTL in Redis is exactly the
 * "an expired state answers like a missing key" property the parity test checks.
 */
const prelude = `
local real_redis = redis
local redis = setmetatable({
  call = function(command, ...)
    local arguments = { ... }
    local name = string.upper(command)
    if name == 'TIME' then
      local now = tonumber(ARGV[#ARGV])
      return { tostring(math.floor(now / 1000)), tostring((now % 1000) * 1000) }
    end
    if name == 'PEXPIRE' then arguments[2] = tonumber(arguments[2]) + ${TTL_OFFSET} end
    if name == 'SET' then
      for i = 3, #arguments - 1 do
        if string.upper(tostring(arguments[i])) == 'PX' then arguments[i + 1] = tonumber(arguments[i + 1]) + ${TTL_OFFSET} end
      end
    end
    return real_redis.call(command, unpack(arguments))
  end,
}, { __index = real_redis })
`

/** The script's Lua with the virtual-time prelude in front of it. */
export function virtualTimeLua(script: AtomicScript<unknown>): string {
  return `${prelude}\n${script.lua}`
}
