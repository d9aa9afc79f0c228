import type { Duration } from '../duration.js'
import { defineScript } from '../store/define-script.js'

/** Default of {@link AnalyticsOptions.flushInterval}. */
export const DEFAULT_ANALYTICS_FLUSH_INTERVAL = '10s'
/** How long aggregated counters are kept after their last flush: 30 days. */
export const ANALYTICS_RETENTION_MS = 30 * 24 * 3_600_000

/** Options of cross-server analytics (`createCache({ analytics })`). */
export interface AnalyticsOptions {
  /**
   * How often this process adds its buffered counters to the shared totals (one round trip each time).
   * @default '10s'
   */
  flushInterval?: Duration
}

/** Hits and misses of one namespace, summed over every process. */
export interface NamespaceTotals {
  readonly hits: number
  readonly misses: number
  readonly hitRate: number
}

/** What `cache.stats({ global: true })` returns. */
export interface GlobalStats {
  readonly hits: number
  readonly misses: number
  readonly hitRate: number
  /** Per namespace path (`app`, `app:users`, ...). */
  readonly namespaces: Readonly<Record<string, NamespaceTotals>>
}

/**
 * Adds deltas to the shared counters hash and keeps it for the retention period.
 * KEYS: counters hash. ARGV: retention ms, then field, delta pairs. Reply: number of fields.
 */
export const flushCountersScript = defineScript({
  name: 'layercache-flush-counters',
  lua: `
for index = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[index], ARGV[index + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return (#ARGV - 1) / 2
`,
  local: (context, keys, args) => {
    const counters = context.get<Map<string, number>>(keys[0]!) ?? new Map<string, number>()
    for (let index = 1; index < args.length; index += 2) {
      const field = String(args[index])
      counters.set(field, (counters.get(field) ?? 0) + Number(args[index + 1]))
    }
    context.set(keys[0]!, counters, Number(args[0]))
    return (args.length - 1) / 2
  },
})

/** Reads the shared counters hash. KEYS: counters hash. Reply: flat field, value list. */
export const readCountersScript = defineScript({
  name: 'layercache-read-counters',
  lua: `return redis.call('HGETALL', KEYS[1])`,
  local: (context, keys) => {
    const counters = context.get<Map<string, number>>(keys[0]!)
    return counters === undefined ? [] : [...counters].flatMap(([field, value]) => [field, String(value)])
  },
})

/** Turns the flat `field, value` reply into totals per namespace. Fields are `<namespace>|hits` / `|misses`. */
export function totalsFromReply(reply: readonly unknown[]): GlobalStats {
  const namespaces: Record<string, { hits: number; misses: number; hitRate: number }> = Object.create(null)
  for (let index = 0; index + 1 < reply.length; index += 2) {
    const field = String(reply[index])
    const separator = field.lastIndexOf('|')
    const namespace = field.slice(0, separator)
    const counter = field.slice(separator + 1)
    const totals = (namespaces[namespace] ??= { hits: 0, misses: 0, hitRate: 0 })
    if (counter === 'hits') totals.hits += Number(reply[index + 1])
    if (counter === 'misses') totals.misses += Number(reply[index + 1])
  }
  let hits = 0
  let misses = 0
  for (const totals of Object.values(namespaces)) {
    totals.hitRate = totals.hits + totals.misses === 0 ? 0 : totals.hits / (totals.hits + totals.misses)
    hits += totals.hits
    misses += totals.misses
  }
  return { hits, misses, hitRate: hits + misses === 0 ? 0 : hits / (hits + misses), namespaces }
}
