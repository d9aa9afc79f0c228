/** Counters of one layer. */
export interface LayerStats {
  readonly name: string
  readonly hits: number
  readonly misses: number
  readonly errors: number
}

/** A snapshot of a cache's counters since it was created (or since `resetStats()`). */
export interface CacheStatsSnapshot {
  /** Reads answered with a usable value (fresh, or stale served by fail-safe / stale-while-revalidate). */
  readonly hits: number
  /** Reads that found nothing usable. */
  readonly misses: number
  /** Hits that served a stale value. */
  readonly staleHits: number
  /** `hits / (hits + misses)`, or 0 before any read. */
  readonly hitRate: number
  readonly sets: number
  readonly deletes: number
  readonly evictions: number
  /** Layer, loader and bus errors. */
  readonly errors: number
  readonly loader: {
    readonly calls: number
    readonly errors: number
    readonly timeouts: number
    /** Mean loader duration in milliseconds. */
    readonly averageMs: number
    readonly maxMs: number
    readonly totalMs: number
  }
  readonly layers: readonly LayerStats[]
}

/** Mutable counters, incremented on the hot path; read through {@link CacheStats.snapshot}. */
export class CacheStats {
  hits = 0
  misses = 0
  staleHits = 0
  sets = 0
  deletes = 0
  evictions = 0
  errors = 0
  loaderCalls = 0
  loaderErrors = 0
  loaderTimeouts = 0
  loaderTotalMs = 0
  loaderMaxMs = 0
  readonly layerHits: number[]
  readonly layerMisses: number[]
  readonly layerErrors: number[]

  constructor(private readonly layerNames: readonly string[]) {
    this.layerHits = layerNames.map(() => 0)
    this.layerMisses = layerNames.map(() => 0)
    this.layerErrors = layerNames.map(() => 0)
  }

  recordLoad(duration: number, ok: boolean): void {
    this.loaderCalls++
    if (!ok) this.loaderErrors++
    this.loaderTotalMs += duration
    if (duration > this.loaderMaxMs) this.loaderMaxMs = duration
  }

  snapshot(): CacheStatsSnapshot {
    const reads = this.hits + this.misses
    return {
      hits: this.hits,
      misses: this.misses,
      staleHits: this.staleHits,
      hitRate: reads === 0 ? 0 : this.hits / reads,
      sets: this.sets,
      deletes: this.deletes,
      evictions: this.evictions,
      errors: this.errors,
      loader: {
        calls: this.loaderCalls,
        errors: this.loaderErrors,
        timeouts: this.loaderTimeouts,
        averageMs: this.loaderCalls === 0 ? 0 : this.loaderTotalMs / this.loaderCalls,
        maxMs: this.loaderMaxMs,
        totalMs: this.loaderTotalMs,
      },
      layers: this.layerNames.map((name, index) => ({
        name,
        hits: this.layerHits[index]!,
        misses: this.layerMisses[index]!,
        errors: this.layerErrors[index]!,
      })),
    }
  }

  reset(): void {
    this.hits = this.misses = this.staleHits = this.sets = this.deletes = this.evictions = this.errors = 0
    this.loaderCalls = this.loaderErrors = this.loaderTimeouts = this.loaderTotalMs = this.loaderMaxMs = 0
    this.layerHits.fill(0)
    this.layerMisses.fill(0)
    this.layerErrors.fill(0)
  }
}
