import { defineScript } from '@layercache/core/store'

/**
 * Raises the fencing counter to at least `floor`, only while `token` holds the lock. Redlock runs it
 * with the largest fence it was issued on the stores that issued a smaller one, when fewer than a
 * quorum issued the largest, so that a quorum's counters are at least its fence and any later quorum
 * (which shares a store with this one) issues a larger fence.
 *
 * - KEYS: `[lock, fence]` (one hash tag)
 * - ARGV: `[token, floor, fenceRetentionMilliseconds]` (`floor` an integer string)
 * - Reply: `1` raised (or already at least `floor`); `0` the token does not hold the lock.
 */
export const raiseFenceScript = defineScript<number>({
  name: 'lock-raise-fence',
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local counter = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if tonumber(ARGV[2]) > counter then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return 1
`,
  local: (context, keys, args) => {
    const [lockKey, fenceKey] = keys as [string, string]
    if (context.get(lockKey) !== String(args[0])) return 0
    const counter = Number(context.get(fenceKey) ?? '0')
    const floor = Number(args[1])
    if (floor > (Number.isNaN(counter) ? 0 : counter)) context.set(fenceKey, String(args[1]), Number(args[2]))
    else context.pexpire(fenceKey, Number(args[2]))
    return 1
  },
})
