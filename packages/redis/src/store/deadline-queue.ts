/** One round trip waiting for its answer, and what to do if the answer comes too late. */
interface Waiting {
  readonly deadline: number
  readonly expire: () => void
}

/**
 * The deadlines of round trips that all have the same timeout. Since they are added in time order,
 * the earliest pending one is always the first in the set: one timer, armed for it, serves every
 * round trip in flight — instead of one timer created and cleared per command, which on a busy read
 * path cost more than the command itself. A settled round trip leaves the set at once, so nothing of
 * it outlives its answer (holding settled entries until the timer came round kept tens of thousands
 * of them alive at a time, and promoted to the old generation, where collecting them is slow).
 * Timers never keep the process alive.
 */
export class DeadlineQueue {
  private readonly waiting = new Set<Waiting>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly timeout: number) {}

  /** Calls `expire` after the timeout unless the returned function (call it when settled) ran first. */
  add(expire: () => void): () => void {
    const waiting: Waiting = { deadline: performance.now() + this.timeout, expire }
    this.waiting.add(waiting)
    if (this.timer === undefined) this.arm(waiting.deadline)
    return () => {
      this.waiting.delete(waiting)
    }
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - performance.now()))
    this.timer.unref?.()
  }

  private fire(): void {
    this.timer = undefined
    const now = performance.now()
    for (const waiting of this.waiting) {
      if (waiting.deadline > now) {
        this.arm(waiting.deadline)
        return
      }
      this.waiting.delete(waiting)
      waiting.expire()
    }
  }
}
