import type { Cache } from '@layercache/core'

/** Prints a section heading. */
export function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`)
}

/** Prints one line of what happened. */
export function step(text: string): void {
  console.log(`  ${text}`)
}

/** Prints the cache's hit rate and counters. */
export function printStats(cache: Cache): void {
  const stats = cache.stats()
  step(
    `stats: ${stats.hits} hits, ${stats.misses} misses, hit rate ${(stats.hitRate * 100).toFixed(1)}%, ` +
      `${stats.loader.calls} loader calls (avg ${stats.loader.averageMs.toFixed(1)} ms), ${stats.staleHits} stale hits`,
  )
}

/** Throws when an example's claim does not hold, so the examples double as a smoke test. */
export function check(condition: boolean, claim: string): void {
  if (!condition) throw new Error(`example check failed: ${claim}`)
}
