import { defineScript } from '@layercache/core/store'

/**
 * Takes the lock if nobody holds it (SET NX PX) and issues the next fencing token.
 *
 * - KEYS: `[lock, fence]` (one hash tag)
 * - ARGV: `[token, ttlMilliseconds, fenceRetentionMilliseconds, gridMicroseconds]`
 * - Reply: the fence (a positive integer) when taken; when another owner holds it, `-1 - pttl`
 *   (zero or less), where `pttl` is its remaining time in milliseconds (`-1` for a key without
 *   expiry). One integer rather than a pair: Redis and the client both do less (see
 *   {@link holderExpiresInOf}).
 *
 * While the resource's counter lives, the fence is the counter + 1 (INCR), and the counter is kept
 * for the retention after each acquisition; so fences survive the clock stepping back, and stores
 * whose counters agree issue the same fence (which lets Redlock skip raising them). A new counter
 * starts at the store's time in microseconds rounded up to a multiple of `grid` (1 for a Lock; up
 * to a second for a Redlock, so that its stores, asked within the same moment, start alike).
 *
 * Why fences keep increasing after a counter expired: a counter is at most its store's time +
 * `grid` (it starts there, and goes up by one per acquisition, each of which takes longer than a
 * microsecond), and it expires only a retention after its last acquisition, which is longer than
 * `grid`: by then the time, from which the next counter starts, has passed it. Fences stay below
 * 2^53 until the year 2255, so they are exact as JavaScript numbers.
 */
export const acquireScript = defineScript<number>({
  name: 'lock-acquire',
  lua: `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return -1 - redis.call('PTTL', KEYS[1])
end
local fence = redis.call('INCR', KEYS[2])
if fence < 2 then
  local time = redis.call('TIME')
  local grid = tonumber(ARGV[4])
  fence = math.ceil((tonumber(time[1]) * 1000000 + tonumber(time[2])) / grid) * grid
  redis.call('SET', KEYS[2], string.format('%.0f', fence), 'PX', ARGV[3])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return fence
`,
  local: (context, keys, args) => {
    const [lockKey, fenceKey] = keys as [string, string]
    if (context.get(lockKey) !== undefined) return -1 - context.pttl(lockKey)
    context.set(lockKey, String(args[0]), Number(args[1]))
    let fence = Number(context.get<string>(fenceKey) ?? '0') + 1
    if (!(fence >= 2)) {
      const grid = Number(args[3])
      fence = Math.ceil(Math.floor(context.now() * 1000) / grid) * grid
    }
    context.set(fenceKey, String(fence), Number(args[2]))
    return fence
  },
})

/** The holder's remaining milliseconds from a busy reply of {@link acquireScript} (`-1`: no expiry). */
export function holderExpiresInOf(reply: number): number {
  return -1 - reply
}
