/**
 * Tells waiters that a lock was released, so they retry at once instead of at their next backoff.
 *
 * Notifications are hints, never a guarantee: a waiter always retries on its own schedule too, and
 * the atomic acquire decides who gets the lock. So an implementation may drop, delay or duplicate
 * notifications without breaking mutual exclusion. `key` is the lock's key as the lock computes it
 * (before any prefix the store adds), e.g. `lock:{invoice:42}`.
 *
 * The default, {@link createInProcessNotifier}, reaches waiters in the same process. A Redis pub/sub
 * notifier (publishing on release, subscribing while waiting) plugs in through the same interface.
 *
 * @example
 * ```ts
 * const notifier: LockNotifier = {
 *   notify: (key) => publisher.publish(`released:${key}`, '1'),
 *   subscribe: (key, listener) => channels.listen(`released:${key}`, listener),
 * }
 * const lock = createLock({ store, notifier })
 * ```
 */
export interface LockNotifier {
  /** Called after a lock on `key` was released. A rejection is ignored. */
  notify(key: string): void | Promise<void>
  /** Calls `listener` whenever `key` is released, until the returned function is called. */
  subscribe(key: string, listener: () => void): () => void
}

/**
 * A notifier for waiters in this process: `notify` calls the listeners of the key synchronously.
 *
 * @example
 * ```ts
 * const notifier = createInProcessNotifier()
 * const a = createLock({ store, notifier })
 * const b = createLock({ store, notifier })  // b's waiters wake when a releases
 * ```
 */
export function createInProcessNotifier(): LockNotifier {
  const listenersByKey = new Map<string, Set<() => void>>()
  return {
    notify(key) {
      const listeners = listenersByKey.get(key)
      if (listeners === undefined) return
      // A copy: a listener may unsubscribe (or subscribe) while we iterate.
      for (const listener of [...listeners]) listener()
    },
    subscribe(key, listener) {
      let listeners = listenersByKey.get(key)
      if (listeners === undefined) listenersByKey.set(key, (listeners = new Set()))
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && listenersByKey.get(key) === listeners) listenersByKey.delete(key)
      }
    },
  }
}

const notifiersByStore = new WeakMap<object, LockNotifier>()

/** The in-process notifier shared by every lock whose first store is `store`. */
export function sharedNotifierOf(store: object): LockNotifier {
  let notifier = notifiersByStore.get(store)
  if (notifier === undefined) notifiersByStore.set(store, (notifier = createInProcessNotifier()))
  return notifier
}
