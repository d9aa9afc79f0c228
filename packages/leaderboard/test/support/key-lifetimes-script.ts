import { defineScript } from '@layercache/core/store'

/** PTTL of each key in KEYS (-2 missing, -1 no expiry), on any store: tests read lifetimes through it. */
export const keyLifetimesScript = defineScript<number[]>({
  name: 'leaderboard-test-key-lifetimes',
  lua: `local lifetimes = {}
for index = 1, #KEYS do lifetimes[index] = redis.call('PTTL', KEYS[index]) end
return lifetimes`,
  local: (context, keys) => keys.map((key) => context.pttl(key)),
})
