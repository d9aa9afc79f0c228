import { defineScript } from '@layercache/core/store'

/**
 * Sets a new TTL on the lock only if `token` holds it. Success proves the holder kept the lock
 * without a gap: nobody else can have taken it, since the key still holds this holder's token.
 *
 * - KEYS: `[lock]`
 * - ARGV: `[token, ttlMilliseconds]`
 * - Reply: `1` extended; `0` nobody holds it (it expired); `-1` another owner holds it.
 */
export const extendScript = defineScript<number>({
  name: 'lock-extend',
  lua: `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return -1 end
return 0
`,
  local: (context, keys, args) => {
    const holder = context.get<string>(keys[0]!)
    if (holder === String(args[0])) {
      context.pexpire(keys[0]!, Number(args[1]))
      return 1
    }
    return holder === undefined ? 0 : -1
  },
})
