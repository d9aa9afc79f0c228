import type { Cache } from '../cache/cache.js'
import type { CacheStatsSnapshot } from './cache-stats.js'

/** The part of an OpenTelemetry `Meter` this adapter uses (so core does not depend on the API package). */
export interface MeterLike {
  createObservableCounter(name: string, options?: { description?: string; unit?: string }): ObservableLike
  createObservableGauge(name: string, options?: { description?: string; unit?: string }): ObservableLike
}

/** What an observable instrument's callback receives. */
export interface ObservableResultLike {
  observe(value: number, attributes?: Record<string, string>): void
}

/** An OpenTelemetry observable instrument. */
export interface ObservableLike {
  addCallback(callback: (result: ObservableResultLike) => void): void
  removeCallback?(callback: (result: ObservableResultLike) => void): void
}

/**
 * Publishes the cache's counters as OpenTelemetry observable instruments on `meter`. Returns a
 * function that detaches them.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api'
 * const detach = registerOpenTelemetryMetrics(cache, metrics.getMeter('my-service'))
 * ```
 */
export function registerOpenTelemetryMetrics(
  cache: Cache,
  meter: MeterLike,
  prefix = 'layercache',
): () => void {
  const base = { cache: cache.namespaceName.split(':')[0]! }
  const detachers: (() => void)[] = []
  const observe = (
    instrument: ObservableLike,
    read: (stats: CacheStatsSnapshot) => [number, Record<string, string>][],
  ) => {
    const callback = (result: ObservableResultLike) => {
      for (const [value, attributes] of read(cache.stats())) result.observe(value, { ...base, ...attributes })
    }
    instrument.addCallback(callback)
    detachers.push(() => instrument.removeCallback?.(callback))
  }
  const counter = (name: string, description: string) =>
    meter.createObservableCounter(`${prefix}.${name}`, { description })
  observe(counter('hits', 'Reads answered from the cache'), (stats) => [[stats.hits, {}]])
  observe(counter('misses', 'Reads that found nothing usable'), (stats) => [[stats.misses, {}]])
  observe(counter('stale_hits', 'Hits that served a stale value'), (stats) => [[stats.staleHits, {}]])
  observe(counter('sets', 'Entries written'), (stats) => [[stats.sets, {}]])
  observe(counter('evictions', 'Entries a store dropped by itself'), (stats) => [[stats.evictions, {}]])
  observe(counter('errors', 'Layer, loader and bus errors'), (stats) => [[stats.errors, {}]])
  observe(counter('loader.calls', 'Loader runs'), (stats) => [[stats.loader.calls, {}]])
  observe(counter('loader.errors', 'Loader runs that failed'), (stats) => [[stats.loader.errors, {}]])
  observe(counter('layer.hits', 'Hits per layer'), (stats) =>
    stats.layers.map((layer) => [layer.hits, { layer: layer.name }]),
  )
  observe(counter('layer.misses', 'Misses per layer'), (stats) =>
    stats.layers.map((layer) => [layer.misses, { layer: layer.name }]),
  )
  observe(
    meter.createObservableGauge(`${prefix}.hit_ratio`, { description: 'hits / (hits + misses)' }),
    (stats) => [[stats.hitRate, {}]],
  )
  return () => {
    for (const detach of detachers) detach()
  }
}
