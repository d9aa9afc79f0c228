import type { Clock } from '@layercache/core'
import type { RateLimitResponse } from './response.js'

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, milliseconds)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Calls `limit` until it succeeds, sleeping for each denial's `retryAfter`, and gives up early —
 * answering the last denial — as soon as the next retry would fall after `timeout` milliseconds.
 * Failures (`'timeout'`, `'error'`) are answered at once: waiting would not fix them.
 */
export async function waitUntilReady(
  limit: () => Promise<RateLimitResponse>,
  clock: Clock,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<RateLimitResponse> {
  const deadline = clock.now() + timeout
  for (;;) {
    signal?.throwIfAborted()
    const response = await limit()
    if (response.success || (response.reason !== 'denied' && response.reason !== 'blocked')) return response
    const wait = Math.max(1, response.retryAfter)
    if (!Number.isFinite(wait) || clock.now() + wait > deadline) return response
    await sleep(wait, signal)
  }
}
