export type { BusMember, BusMessage, BusSignal, CacheBus } from './bus/cache-bus.js'
export { Cache, type ExpireOptions, type InvalidationTarget } from './cache/cache.js'
export {
  type BatchItem,
  type CacheOptions,
  DEFAULT_MAX_KEY_LENGTH,
  DEFAULT_NAMESPACE,
  DEFAULT_TTL,
  type GetOrSetOptions,
  type Loader,
  type LoaderContext,
  type SetOptions,
} from './cache/cache-options.js'
export { cacheManager, createCache } from './cache/create-cache.js'
export type { CacheEntryInfo } from './cache/entry-inspection.js'
export {
  DEFAULT_LOAD_LOCK_TTL,
  DEFAULT_LOAD_LOCK_WAIT,
  type DistributedLoadOptions,
} from './cache/load-lock.js'
export type { Logger } from './cache/logger.js'
export { type Clock, type ManualClock, manualClock, systemClock } from './clock.js'
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
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_VALUE_BYTES,
  MemoryStore,
  type MemoryStoreOptions,
  memoryStore,
} from './memory/memory-store.js'
export {
  type CompressionOptions,
  compressPayload,
  DEFAULT_COMPRESSION_THRESHOLD,
  decompressPayload,
  type ResolvedCompression,
  resolveCompression,
} from './serialization/compression.js'
export { jsonSerializer, type Serializer, typedJsonSerializer } from './serialization/serializer.js'
export {
  createSessionStore,
  DEFAULT_SESSION_NAMESPACE,
  DEFAULT_SESSION_TTL,
  type Session,
  type SessionStore,
  type SessionStoreOptions,
} from './sessions/session-store.js'
export type { CacheStatsSnapshot, LayerStats } from './stats/cache-stats.js'
export {
  type AnalyticsOptions,
  DEFAULT_ANALYTICS_FLUSH_INTERVAL,
  type GlobalStats,
  type NamespaceTotals,
} from './stats/global-stats.js'
export {
  type MeterLike,
  type ObservableLike,
  registerOpenTelemetryMetrics,
} from './stats/open-telemetry-metrics.js'
export { type PrometheusMetricsOptions, prometheusMetrics } from './stats/prometheus-metrics.js'
export type { AtomicScript, LocalScriptContext, ScriptArgument, ScriptReply } from './store/atomic-script.js'
export { defineScript, type ScriptDefinition } from './store/define-script.js'
export {
  type Absence,
  type ConditionalWrite,
  type EvictionReason,
  entryOf,
  isAbsence,
  isPromiseLike,
  type MaybePromise,
  raiseTagStamp,
  type Store,
  type StoreAttachment,
  type StoredEntry,
  type StoreEvent,
  type StoreRead,
  type StoreWrite,
  type TagStamp,
  versionOf,
} from './store/store.js'
