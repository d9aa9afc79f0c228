export type { BusMember, BusMessage, BusSignal, CacheBus } from './bus/cache-bus.js'
export type { Cache, ExpireOptions, InvalidationTarget } from './cache/cache.js'
export type {
  BatchItem,
  CacheOptions,
  GetOrSetOptions,
  Loader,
  LoaderContext,
  SetOptions,
} from './cache/cache-options.js'
export { cacheManager, createCache } from './cache/create-cache.js'
export type { CacheEntryInfo } from './cache/entry-inspection.js'
export type { DistributedLoadOptions } from './cache/load-lock.js'
export type { Logger } from './cache/logger.js'
export { type Clock, createManualClock, type ManualClock, systemClock } from './clock.js'
export { type Duration, parseDuration, parseTtl } from './duration.js'
export { type ErrorCode, errors, LayercacheError, type LayercacheErrorOptions } from './errors.js'
export type { CacheEventMap, CacheEventName, CacheListener } from './events/cache-events.js'
export {
  type InvalidationBinding,
  type InvalidationMapper,
  type InvalidationSource,
  invalidateOn,
} from './invalidation/event-driven.js'
export {
  type ScheduledRefresh,
  type ScheduledRefreshOptions,
  scheduleRefresh,
} from './invalidation/scheduled-refresh.js'
export { type WriteThroughOptions, writeThrough } from './invalidation/write-through.js'
export { createMemoryStore, type MemoryStore } from './memory/memory-store.js'
export type { MemoryStoreOptions } from './memory/memory-store-options.js'
export type { CompressionOptions } from './serialization/compression.js'
export { jsonSerializer, type Serializer, typedJsonSerializer } from './serialization/serializer.js'
export {
  createSessionStore,
  type Session,
  type SessionStore,
  type SessionStoreOptions,
} from './sessions/session-store.js'
export type { CacheStatsSnapshot, LayerStats } from './stats/cache-stats.js'
export type { AnalyticsOptions, GlobalStats, NamespaceTotals } from './stats/global-stats.js'
export {
  type MeterLike,
  type ObservableLike,
  registerOpenTelemetryMetrics,
} from './stats/open-telemetry-metrics.js'
export { type PrometheusMetricsOptions, prometheusMetrics } from './stats/prometheus-metrics.js'
export type { CacheLayer } from './store/cache-layer.js'
export type { ScriptRunner } from './store/script-runner.js'
export type { Store } from './store/store.js'
