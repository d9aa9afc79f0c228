import { defineScript } from '@layercache/core/store'

/**
 * Deletes an identifier's state: the block key and every limit's key.
 *
 * - KEYS: `[blockKey, limitKey1, ..., limitKeyN]`.
 * - ARGV: none.
 * - Reply: `null`.
 */
export const resetScript = defineScript<null>({
  name: 'ratelimit-reset',
  lua: `redis.call('DEL', unpack(KEYS))
return nil`,
  local: (context, keys) => {
    for (const key of keys) context.delete(key)
    return null
  },
})
