/**
 * A change one process made that others must apply to their in-memory layers. Messages carry keys
 * (already namespaced), never values.
 */
export type BusMessage =
  | { readonly type: 'delete'; readonly keys: readonly string[] }
  | {
      readonly type: 'stamp-tags'
      readonly tagKeys: readonly string[]
      readonly invalidatedAt?: number
      readonly expiredAt?: number
    }
  | { readonly type: 'expire'; readonly keys: readonly string[] }
  | { readonly type: 'delete-prefix'; readonly prefix: string }
  /** The bus may have lost messages (reconnect, sequence gap): drop local copies, then trust them again. */
  | { readonly type: 'resync' }
  /** The bus is disconnected: local copies cannot be trusted until the next `resync`. */
  | { readonly type: 'suspend' }

/**
 * Carries {@link BusMessage}s between the processes sharing a cache. `@layercache/redis` provides one
 * over Redis pub/sub; a bus never echoes a process's own messages back to it.
 */
export interface CacheBus {
  /** Sends `message` to the other processes of `channel` (the cache's root namespace). */
  publish(channel: string, message: BusMessage): Promise<void> | void
  /** Receives messages other processes sent on `channel`. Returns an unsubscribe function. */
  subscribe(channel: string, listener: (message: BusMessage) => void): () => void
}
