import { defineScript } from '@layercache/core/store'

/**
 * Deletes the lock only if `token` holds it: a holder whose lock expired never deletes the next
 * owner's lock.
 *
 * - KEYS: `[lock]`
 * - ARGV: `[token]`
 * - Reply: `1` released; `0` nobody holds it (it expired); `-1` another owner holds it.
 */
export const releaseScript = defineScript<number>({
  name: 'lock-release',
  lua: `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
if holder then return -1 end
return 0
`,
  local: (context, keys, args) => {
    const holder = context.get<string>(keys[0]!)
    if (holder === String(args[0])) {
      context.delete(keys[0]!)
      return 1
    }
    return holder === undefined ? 0 : -1
  },
})
