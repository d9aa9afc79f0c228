import type { Subscriber, SubscriberHandlers, SubscriptionHandlers } from './redis-driver.js'

/** The wait before the first new attempt after a break; it doubles up to {@link LONGEST_RETRY_DELAY_MS}. */
export const FIRST_RETRY_DELAY_MS = 100
/** The longest wait between two attempts to subscribe. */
export const LONGEST_RETRY_DELAY_MS = 5_000

/**
 * A subscription that outlives its connections, built on one-shot subscribers: resolves once the
 * first one is subscribed (rejects if it breaks before), and after a break opens a fresh one with
 * backoff, reporting `onDisconnect` once and `onResubscribe` when subscribed again. Used by
 * `RedisDriver.subscribe` on every client, so they all behave the same.
 */
export function resubscribing(
  openSubscriber: (channel: string, handlers: SubscriberHandlers) => Subscriber,
  channel: string,
  handlers: SubscriptionHandlers,
): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    let current: Subscriber | undefined
    let generation = 0
    let established = false
    let connected = false
    let stopped = false
    let retryTimer: ReturnType<typeof setTimeout> | undefined
    let delay = FIRST_RETRY_DELAY_MS
    const unsubscribe = async () => {
      stopped = true
      generation++
      clearTimeout(retryTimer)
      await current?.close()
    }
    const broken = (error: unknown) => {
      generation++
      void current?.close()
      current = undefined
      if (!established) {
        stopped = true
        reject(error ?? new Error(`subscribing to ${channel} failed`))
        return
      }
      if (connected) handlers.onDisconnect()
      connected = false
      retryTimer = setTimeout(open, delay)
      retryTimer.unref?.()
      delay = Math.min(delay * 2, LONGEST_RETRY_DELAY_MS)
    }
    const open = () => {
      const mine = ++generation
      const isMine = () => mine === generation && !stopped
      try {
        current = openSubscriber(channel, {
          onSubscribed() {
            if (!isMine()) return
            connected = true
            delay = FIRST_RETRY_DELAY_MS
            if (established) handlers.onResubscribe()
            else {
              established = true
              resolve(unsubscribe)
            }
          },
          onMessage(message) {
            if (isMine()) handlers.onMessage(message)
          },
          onBroken(error) {
            if (isMine()) broken(error)
          },
        })
      } catch (error) {
        broken(error)
      }
    }
    open()
  })
}
