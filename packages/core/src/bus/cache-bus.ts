/**
 * A change one cache made that the other caches sharing its layers must apply to their local
 * (in-memory) layers. Messages carry keys (already namespaced), never values.
 */
export type BusMessage =
  | { readonly type: 'delete'; readonly keys: readonly string[] }
  | {
      readonly type: 'stamp-tags'
      readonly tagKeys: readonly string[]
      readonly invalidatedAt?: number
      readonly expiredAt?: number
      readonly expiredUntil?: number
    }
  | { readonly type: 'expire'; readonly keys: readonly string[] }
  | { readonly type: 'delete-prefix'; readonly prefix: string }

/**
 * What a bus tells a member about itself, besides other members' messages:
 * - `suspend`: messages may be getting lost (not subscribed yet, disconnected, silent, a publish of
 *   some member failed). Local layers must not be read until the next `resync`.
 * - `resync`: the member is listening again and nothing sent from now on is lost; whatever local
 *   layers hold may be stale, so they are emptied before they are trusted again.
 *
 * A member starts suspended: its first signal, once the subscription is established, is `resync`.
 */
export type BusSignal = { readonly type: 'suspend' } | { readonly type: 'resync' }

/** A cache's membership of a bus channel. */
export interface BusMember {
  /**
   * Sends `message` to every other member of the channel, in this process or another. Rejects (or
   * throws) when it cannot be sent; the bus then owes the other members a `resync`.
   */
  publish(message: BusMessage): Promise<void> | void
  /** Stops receiving; releases the subscription when no member of this bus needs it any more. */
  leave(): Promise<void> | void
}

/**
 * Carries {@link BusMessage}s between the caches sharing a channel (the root namespace), in one
 * process or many. `@layercache/redis` provides one over Redis pub/sub. A member never receives its
 * own messages, and receives every other member's, including those of other caches on the same bus.
 */
export interface CacheBus {
  /** Joins `channel`: `listener` receives the other members' messages and this member's signals. */
  join(channel: string, listener: (message: BusMessage | BusSignal) => void): BusMember
}
