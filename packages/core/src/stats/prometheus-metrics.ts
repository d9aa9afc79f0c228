import type { Cache } from '../cache/cache.js'

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

/** Options of {@link prometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Prefix of every metric name. @default 'layercache' */
  prefix?: string
}

/**
 * The cache's counters in the Prometheus text exposition format, for a `/metrics` route.
 *
 * @example
 * ```ts
 * app.get('/metrics', (_request, reply) => reply.type('text/plain').send(prometheusMetrics(cache)))
 * ```
 */
export function prometheusMetrics(cache: Cache, options: PrometheusMetricsOptions = {}): string {
  const prefix = options.prefix ?? 'layercache'
  const stats = cache.stats()
  const cacheLabel = `cache="${escapeLabel(cache.namespaceName.split(':')[0]!)}"`
  const lines: string[] = []
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${prefix}_${name} ${help}`, `# TYPE ${prefix}_${name} ${type}`)
    for (const [labels, value] of samples) lines.push(`${prefix}_${name}{${labels}} ${value}`)
  }
  const layerSamples = (pick: (layer: (typeof stats.layers)[number]) => number): [string, number][] =>
    stats.layers.map((layer, index) => [
      `${cacheLabel},layer="${escapeLabel(layer.name)}",level="${index + 1}"`,
      pick(layer),
    ])
  metric('hits_total', 'counter', 'Reads answered from the cache.', [[cacheLabel, stats.hits]])
  metric('misses_total', 'counter', 'Reads that found nothing usable.', [[cacheLabel, stats.misses]])
  metric('stale_hits_total', 'counter', 'Hits that served a stale value.', [[cacheLabel, stats.staleHits]])
  metric('hit_ratio', 'gauge', 'hits / (hits + misses).', [[cacheLabel, stats.hitRate]])
  metric('sets_total', 'counter', 'Entries written.', [[cacheLabel, stats.sets]])
  metric('deletes_total', 'counter', 'Entries deleted.', [[cacheLabel, stats.deletes]])
  metric('evictions_total', 'counter', 'Entries a store dropped by itself.', [[cacheLabel, stats.evictions]])
  metric('errors_total', 'counter', 'Layer, loader and bus errors.', [[cacheLabel, stats.errors]])
  metric('loader_calls_total', 'counter', 'Loader runs.', [[cacheLabel, stats.loader.calls]])
  metric('loader_errors_total', 'counter', 'Loader runs that failed.', [[cacheLabel, stats.loader.errors]])
  metric('loader_timeouts_total', 'counter', 'Loads past their hard timeout.', [
    [cacheLabel, stats.loader.timeouts],
  ])
  metric('loader_duration_seconds_total', 'counter', 'Time spent in loaders.', [
    [cacheLabel, stats.loader.totalMs / 1000],
  ])
  metric(
    'layer_hits_total',
    'counter',
    'Hits per layer.',
    layerSamples((layer) => layer.hits),
  )
  metric(
    'layer_misses_total',
    'counter',
    'Misses per layer.',
    layerSamples((layer) => layer.misses),
  )
  metric(
    'layer_errors_total',
    'counter',
    'Errors per layer.',
    layerSamples((layer) => layer.errors),
  )
  return `${lines.join('\n')}\n`
}
