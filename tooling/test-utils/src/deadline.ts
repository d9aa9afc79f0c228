/**
 * Resolves as `promise` does, or rejects with "`what` did not happen within `milliseconds` ms".
 * For waiting on an event with a generous deadline instead of asserting how long it took: pick a
 * deadline far above any normal wait (seconds), and far below what a broken behaviour would take
 * (e.g. a backoff of an hour), so that only the behaviour under test can meet it.
 *
 * @example
 * ```ts
 * await settlesWithin(waiter, 15_000, 'the waiter woken by the release')
 * ```
 */
export function settlesWithin<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not happen within ${milliseconds} ms`)),
      milliseconds,
    )
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/**
 * Polls `check` every `intervalMs` until it returns true; rejects with "`what` did not happen within
 * `milliseconds` ms" otherwise. The deadline is a bound on a broken behaviour, never a latency claim.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  milliseconds: number,
  what: string,
  intervalMs = 10,
): Promise<void> {
  const deadline = performance.now() + milliseconds
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${milliseconds} ms`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
