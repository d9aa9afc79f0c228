/**
 * One round trip waiting for its answer. `deadline` is set by {@link DeadlineQueue.push};
 * `settled` turns true once the answer (or error) came, and the queue then skips it.
 */
export interface Deadline {
  deadline: number
  readonly settled: boolean
  /** Called once the timeout passed without the round trip settling. */
  expire(): void
}

/** The entry behind {@link DeadlineQueue.add}: a callback, cleared when the round trip settles. */
class CallbackDeadline implements Deadline {
  deadline = 0
  settled = false
  constructor(private readonly onExpire: () => void) {}
  expire(): void {
    this.onExpire()
  }
}

/**
 * The deadlines of round trips that all have the same timeout. Since they are added in time order,
 * the earliest is always at the head: one timer, armed for the head, serves every round trip in
 * flight — instead of one timer created and cleared per command, which on a busy read path cost more
 * than the command itself. Timers never keep the process alive.
 */
export class DeadlineQueue {
  private readonly waiting: Deadline[] = []
  private head = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly timeout: number) {}

  /** Calls `expire` after the timeout unless the returned function (call it when settled) ran first. */
  add(expire: () => void): () => void {
    const entry = new CallbackDeadline(expire)
    this.push(entry)
    return () => {
      entry.settled = true
    }
  }

  /**
   * Calls `entry.expire()` after the timeout unless `entry.settled` is true by then: no closure and no
   * wrapper per round trip.
   */
  push(entry: Deadline): void {
    entry.deadline = performance.now() + this.timeout
    this.waiting.push(entry)
    if (this.timer === undefined) this.arm(entry.deadline)
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
      if (!next.settled && next.deadline > now) break
      this.head++
      if (!next.settled) next.expire()
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
