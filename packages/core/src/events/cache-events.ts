import type { EvictionReason } from '../store/store.js'

/** What each cache event carries. Keys are as the user gave them; `namespace` says where. */
export interface CacheEventMap {
  /** A read found a fresh value. `layer` is the layer's name; `stale` is true when a stale value was served. */
  hit: { key: string; namespace: string; layer: string; stale: boolean }
  /** A read found nothing usable in any layer. */
  miss: { key: string; namespace: string }
  /** A value was written (by `set`, a loader, a refresh or a back-fill from a lower layer). */
  set: { key: string; namespace: string; source: 'set' | 'loader' | 'backfill' }
  /** Keys were deleted. */
  delete: { keys: readonly string[]; namespace: string }
  /** Tags, keys or prefixes were invalidated (`mode: 'expire'` keeps entries as stale). */
  invalidate: {
    namespace: string
    mode: 'delete' | 'expire'
    tags?: readonly string[]
    keys?: readonly string[]
    prefix?: string
  }
  /** A store dropped an entry on its own. */
  evict: { key: string; layer: string; reason: EvictionReason }
  /** A layer, loader, bus or refresh failed. The cache carried on unless the call rejected. */
  error: {
    error: unknown
    operation: string
    namespace: string
    key?: string
    layer?: string
    /** True when a stale value was served in place of the failed load. */
    servedStale?: boolean
  }
  /** A loader ran; `duration` in milliseconds. */
  load: { key: string; namespace: string; duration: number; ok: boolean }
}

/** A cache event name. */
export type CacheEventName = keyof CacheEventMap

/** A listener of event `E`. */
export type CacheListener<E extends CacheEventName> = (event: CacheEventMap[E]) => void

/**
 * A small typed emitter. `has` is checked before building an event, so events cost nothing on the
 * hot path when nobody listens; a throwing listener never breaks a cache call.
 */
export class CacheEvents {
  private readonly listeners: { [E in CacheEventName]?: CacheListener<E>[] } = {}
  /** Per-event "someone listens" flags, read on the hot path. */
  readonly has: Record<CacheEventName, boolean> = {
    hit: false,
    miss: false,
    set: false,
    delete: false,
    invalidate: false,
    evict: false,
    error: false,
    load: false,
  }

  on<E extends CacheEventName>(event: E, listener: CacheListener<E>): () => void {
    const list = (this.listeners[event] ??= []) as CacheListener<E>[]
    list.push(listener)
    this.has[event] = true
    return () => this.off(event, listener)
  }

  off<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    const list = this.listeners[event] as CacheListener<E>[] | undefined
    if (list === undefined) return
    const index = list.indexOf(listener)
    if (index >= 0) list.splice(index, 1)
    this.has[event] = list.length > 0
  }

  emit<E extends CacheEventName>(event: E, payload: CacheEventMap[E]): void {
    const list = this.listeners[event] as CacheListener<E>[] | undefined
    if (list === undefined) return
    for (const listener of [...list]) {
      try {
        listener(payload)
      } catch {
        // A listener's own bug must not fail the cache call that happened to trigger it.
      }
    }
  }

  clear(): void {
    for (const event of Object.keys(this.has) as CacheEventName[]) {
      delete this.listeners[event]
      this.has[event] = false
    }
  }
}
