import type { Duration } from '../duration.js'
import { defineScript } from '../store/define-script.js'

/** Default of {@link DistributedLoadOptions.wait}. */
export const DEFAULT_LOAD_LOCK_WAIT = '5s'
/** Default of {@link DistributedLoadOptions.lockTtl}. */
export const DEFAULT_LOAD_LOCK_TTL = '10s'
/** How often a waiting process looks for the value another process is loading. */
export const LOAD_LOCK_POLL_MS = 25

/** Options of distributed stampede protection (`createCache({ distributedLoad })` or per `getOrSet`). */
export interface DistributedLoadOptions {
  /**
   * How long a process waits for another process's load before loading itself.
   * @default '5s'
   */
  wait?: Duration
  /**
   * How long the load lock lives if its holder dies without releasing it.
   * @default '10s'
   */
  lockTtl?: Duration
}

/** Takes the load lock of a key if nobody holds it. KEYS: lock. ARGV: owner, ttl ms. Reply: 1 or 0. */
export const acquireLoadLockScript = defineScript({
  name: 'layercache-acquire-load-lock',
  lua: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`,
  local: (context, keys, args) => {
    if (context.get(keys[0]!) !== undefined) return 0
    context.set(keys[0]!, String(args[0]), Number(args[1]))
    return 1
  },
})

/** Releases the load lock if this process still holds it. KEYS: lock. ARGV: owner. Reply: 1 or 0. */
export const releaseLoadLockScript = defineScript({
  name: 'layercache-release-load-lock',
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
  local: (context, keys, args) => {
    if (context.get(keys[0]!) !== String(args[0])) return 0
    return context.delete(keys[0]!) ? 1 : 0
  },
})

/** A random owner token for a load lock. */
export function loadLockOwner(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
