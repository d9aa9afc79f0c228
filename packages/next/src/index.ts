export { type CachedOptions, cached } from './cached.js'
export {
  type CommitSessionOptions,
  type CookieSessions,
  type CookieSessionsOptions,
  createCookieSessions,
  type SessionCookieJar,
  type SessionCookieOptions,
} from './cookie-sessions.js'
export type {
  HandlerOptions,
  IncrementalCacheHandlerOptions,
  UseCacheHandlerOptions,
} from './handler-options.js'
export {
  createIncrementalCacheHandler,
  type IncrementalCacheHandler,
  type IncrementalCacheHandlerClass,
} from './incremental-cache-handler.js'
export type {
  IncrementalCacheHandlerValue,
  IncrementalCacheValue,
  IncrementalGetContext,
  IncrementalSetContext,
  NextCacheControl,
  UseCacheEntry,
} from './next-types.js'
export type { CacheSource } from './process-cache.js'
export { createStatsRoute, type StatsRouteOptions } from './stats-route.js'
export { createUseCacheHandler, type UseCacheHandler } from './use-cache-handler.js'
export { type WithLayercacheOptions, withLayercache } from './with-layercache.js'
