import type { Cache, InvalidationTarget } from '../cache/cache.js'

/** Anything with `on(event, listener)`: a Node `EventEmitter`, a socket, a message-queue consumer. */
export interface InvalidationSource {
  on(event: string, listener: (...payload: unknown[]) => void): unknown
  off?(event: string, listener: (...payload: unknown[]) => void): unknown
  removeListener?(event: string, listener: (...payload: unknown[]) => void): unknown
}

/** Maps an event's payload to what to invalidate: a target, a key, a list of keys, or nothing. */
export type InvalidationMapper<P extends unknown[]> = (
  ...payload: P
) => InvalidationTarget | string | readonly string[] | undefined | null

/** A binding made by {@link invalidateOn}. */
export interface InvalidationBinding {
  /** Stops listening. */
  unbind(): void
  /** Resolves when every invalidation started so far has finished (handy in tests and shutdown). */
  settled(): Promise<void>
}

/**
 * Event-driven invalidation: when `source` emits `event`, invalidate what `map` returns. Failures are
 * reported through the cache's `error` event, never thrown into the emitter.
 *
 * @example
 * ```ts
 * invalidateOn(cache, db, 'goal.updated', (goal: Goal) => ({ keys: [`goal:${goal.id}`], tags: ['goals'] }))
 * ```
 */
export function invalidateOn<P extends unknown[]>(
  cache: Cache,
  source: InvalidationSource,
  event: string,
  map: InvalidationMapper<P>,
): InvalidationBinding {
  const pending = new Set<Promise<void>>()
  const listener = (...payload: P) => {
    const work = (async () => {
      const mapped = map(...payload)
      if (mapped === undefined || mapped === null) return
      const target: InvalidationTarget =
        typeof mapped === 'string'
          ? { keys: [mapped] }
          : Array.isArray(mapped)
            ? { keys: mapped }
            : (mapped as InvalidationTarget)
      await cache.invalidate(target)
    })().catch((error: unknown) =>
      cache.internals.reportError({ error, operation: 'invalidateOn', namespace: cache.namespaceName }),
    )
    pending.add(work)
    void work.finally(() => pending.delete(work))
  }
  const handler = listener as unknown as (...payload: unknown[]) => void
  source.on(event, handler)
  const unbind = () => {
    if (source.off !== undefined) source.off(event, handler)
    else source.removeListener?.(event, handler)
  }
  cache.internals.disposers.push(unbind)
  return {
    unbind,
    settled: async () => {
      await Promise.all([...pending])
    },
  }
}
