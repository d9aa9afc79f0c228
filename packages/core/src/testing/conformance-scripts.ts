import { acquireLoadLockScript } from '../cache/load-lock.js'
import { defineScript } from '../store/define-script.js'

/** Increments a counter with an optional TTL; replies `[value, pttl]`. Both sides must agree. */
export const counterScript = defineScript({
  name: 'conformance-counter',
  lua: `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return { value, redis.call('PTTL', KEYS[1]) }
`,
  local: (context, keys, args) => {
    const key = keys[0]!
    const value = (context.get<number>(key) ?? 0) + Number(args[0])
    const ttl = Number(args[1])
    const previousTtl = context.pttl(key)
    context.set(key, value, ttl > 0 ? ttl : previousTtl > 0 ? previousTtl : undefined)
    return [value, context.pttl(key)]
  },
})

/** Replies every shape a script may return: nil, integer, string, nested array. */
export const shapesScript = defineScript({
  name: 'conformance-shapes',
  lua: `
local existing = redis.call('GET', KEYS[1])
return { existing and 1 or 0, ARGV[1], { 7, 'x' }, tostring(tonumber(ARGV[2]) / 4) }
`,
  local: (context, keys, args) => {
    const existing = context.get(keys[0]!)
    return [existing === undefined ? 0 : 1, String(args[0]), [7, 'x'], String(Number(args[1]) / 4)]
  },
})

/**
 * Sets a key only when absent, with a TTL in milliseconds; replies 1 when set (SET NX PX). It is the
 * cache's own load-lock script, so the suite also proves that script on every store.
 */
export const setIfAbsentScript = acquireLoadLockScript

/** Deletes a key and replies how many were deleted (0 or 1). */
export const deleteScript = defineScript({
  name: 'conformance-delete',
  lua: `return redis.call('DEL', KEYS[1])`,
  local: (context, keys) => (context.delete(keys[0]!) ? 1 : 0),
})
