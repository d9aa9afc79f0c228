import type { Duration } from '@layercache/core'
import type { CacheSource } from './process-cache.js'

/** Options shared by {@link createIncrementalCacheHandler} and {@link createUseCacheHandler}. */
export interface HandlerOptions {
  /**
   * The cache behind the handler: a layercache `Cache`, or a function returning one. Prefer the
   * function: it runs once per process, on first use, and never during `next build` (which gets a
   * memory-only cache), so a build needs no Redis.
   */
  cache: CacheSource
  /**
   * Handlers (and `cached`) given the same name share one cache per process; the first to run makes it.
   * @default 'default'
   */
  name?: string
  /**
   * Called with what a handler caught instead of failing a request (a handler never throws into Next).
   * @default a `console.warn`
   */
  onError?: (error: unknown, operation: string) => void
}

/** Options of {@link createIncrementalCacheHandler}. */
export interface IncrementalCacheHandlerOptions extends HandlerOptions {
  /**
   * Lifetime of an entry whose route or fetch gave no `expire` (Next keeps those forever; a cache
   * must not).
   * @default '30d'
   */
  fallbackTtl?: Duration
}

/** Options of {@link createUseCacheHandler}. */
export type UseCacheHandlerOptions = HandlerOptions

export const DEFAULT_HANDLER_NAME = 'default'

export function warnOnError(error: unknown, operation: string): void {
  console.warn(`@layercache/next: ${operation} failed; answering as a cache miss`, error)
}
