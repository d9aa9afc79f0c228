import { defineScript } from '@layercache/core/store'

/** Replies the PTTL of every key in KEYS (`-2` missing, `-1` no expiry), on any store. */
export const pttlScript = defineScript<number[]>({
  name: 'test-pttl',
  lua: `
local ttls = {}
for i, key in ipairs(KEYS) do ttls[i] = redis.call('PTTL', key) end
return ttls
`,
  local: (context, keys) => keys.map((key) => context.pttl(key)),
})

/** The hash tag of a key as Redis Cluster computes it: `undefined` when the whole key is hashed. */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf('{')
  if (open === -1) return undefined
  const close = key.indexOf('}', open + 1)
  if (close === -1 || close === open + 1) return undefined
  return key.slice(open + 1, close)
}
