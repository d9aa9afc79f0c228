/** One round trip waiting for its answer, and what to do if the answer comes too late. */
interface Waiting {
  readonly deadline: number
  /** Cleared once the round trip settled: the queue then skips it. */
  expire: (() => void) | undefined
}

/**
 * The deadlines of round trips that all have the same timeout. Since they are added in time order,
 * the earliest is always at the head: one timer, armed for the head, serves every round trip in
 * flight — instead of one timer created and cleared per command, which on a busy read path cost more
 * than the command itself. Timers never keep the process alive.
 */
export class DeadlineQueue {
  private readonly waiting: Waiting[] = []
  private head = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly timeout: number) {}

  /** Calls `expire` after the timeout unless the returned function (call it when settled) ran first. */
  add(expire: () => void): () => void {
    const waiting: Waiting = { deadline: performance.now() + this.timeout, expire }
    this.waiting.push(waiting)
    if (this.timer === undefined) this.arm(waiting.deadline)
    return () => {
      waiting.expire = undefined
    }
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - performance.now()))
    this.timer.unref?.()
  }

  private fire(): void {
    this.timer = undefined
    const now = performance.now()
    while (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!
      if (next.expire !== undefined && next.deadline > now) break
      this.head++
      next.expire?.()
    }
    // Drop what the head has passed, now and then, so the array does not grow for ever.
    if (this.head > 1_024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head)
      this.head = 0
    }
    const next = this.waiting[this.head]
    if (next !== undefined) this.arm(next.deadline)
  }
}
