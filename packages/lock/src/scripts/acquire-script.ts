import { defineScript } from '@layercache/core/store'

/**
 * Takes the lock if nobody holds it (SET NX PX) and issues the next fencing token.
 *
 * - KEYS: `[lock, fence]` (one hash tag)
 * - ARGV: `[token, ttlMilliseconds, fenceRetentionMilliseconds]`
 * - Reply: `[1, fence]` when taken; `[0, pttl]` when another owner holds it (`pttl` is its remaining
 *   time in milliseconds, `-1` for a key without expiry).
 *
 * The fence is the larger of the counter + 1 and the store's time in microseconds, so it increases
 * per resource even after the counter key expired or was evicted (time has moved on since), and the
 * counter keeps it increasing when many acquisitions fall in the same microsecond or the clock steps
 * back. It stays below 2^53 until the year 2255, so it is exact as a JavaScript number.
 */
export const acquireScript = defineScript<[number, number]>({
  name: 'lock-acquire',
  lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return { 0, redis.call('PTTL', KEYS[1]) }
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local time = redis.call('TIME')
local fence = tonumber(time[1]) * 1000000 + tonumber(time[2])
local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
if counter and counter >= fence then fence = counter + 1 end
redis.call('SET', KEYS[2], string.format('%.0f', fence), 'PX', ARGV[3])
return { 1, fence }
`,
  local: (context, keys, args) => {
    const [lockKey, fenceKey] = keys as [string, string]
    if (context.get(lockKey) !== undefined) return [0, context.pttl(lockKey)]
    context.set(lockKey, String(args[0]), Number(args[1]))
    let fence = Math.floor(context.now() * 1000)
    const counter = Number(context.get(fenceKey) ?? '0')
    if (counter >= fence) fence = counter + 1
    context.set(fenceKey, String(fence), Number(args[2]))
    return [1, fence]
  },
})
