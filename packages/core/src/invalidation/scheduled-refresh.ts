import type { Cache } from '../cache/cache.js'
import type { SetOptions } from '../cache/cache-options.js'
import { assertLoader } from '../cache/call-options.js'
import { assertKey } from '../cache/validation.js'
import { type Duration, parseTtl } from '../duration.js'

/** Options of {@link scheduleRefresh}. */
export interface ScheduledRefreshOptions extends SetOptions {
  /** How often to refresh. */
  every: Duration
  /** Refresh once right away, before the first interval. @default true */
  immediate?: boolean
}

/** A running scheduled refresh. */
export interface ScheduledRefresh {
  /** Runs a refresh now, unless one is running (then waits for it). */
  refreshNow(): Promise<void>
  /** Stops refreshing. The cached value stays until its TTL. */
  stop(): void
  /** Completed refreshes (successful or not). */
  readonly runs: number
  /** Ticks skipped because the previous refresh was still running. */
  readonly skipped: number
}

/**
 * Refreshes `key` from `loader` every `every`, until stopped or the cache closes. Two refreshes never
 * overlap: a tick that finds one running is skipped. Failures keep the old value and are reported
 * through the cache's `error` event. The timer never keeps the process alive.
 *
 * @example
 * ```ts
 * const refresh = scheduleRefresh(cache, 'cached:data', fetchFreshData, { every: '10m', ttl: '15m' })
 * refresh.stop()
 * ```
 */
export function scheduleRefresh<T>(
  cache: Cache,
  key: string,
  loader: () => Promise<T> | T,
  options: ScheduledRefreshOptions,
): ScheduledRefresh {
  const core = cache.internals
  assertKey(key, core.settings.maxKeyLength)
  assertLoader(loader)
  core.assertOpen()
  const interval = parseTtl(options.every, 'every')
  const setOptions: SetOptions = { ttl: options.ttl ?? interval, tags: options.tags, grace: options.grace }
  let running: Promise<void> | undefined
  let runs = 0
  let skipped = 0
  const run = (): Promise<void> => {
    if (running !== undefined) return running
    running = (async () => {
      try {
        const value = await loader()
        if (!core.closed) await cache.set(key, value, setOptions)
      } catch (error) {
        core.reportError({ error, operation: 'scheduledRefresh', namespace: cache.namespaceName, key })
      } finally {
        runs++
        running = undefined
      }
    })()
    return running
  }
  const timer = setInterval(() => {
    if (running !== undefined) skipped++
    else void run()
  }, interval)
  timer.unref?.()
  const stop = () => clearInterval(timer)
  core.disposers.push(stop)
  if (options.immediate ?? true) void run()
  return {
    refreshNow: run,
    stop,
    get runs() {
      return runs
    },
    get skipped() {
      return skipped
    },
  }
}
