/** One round trip waiting for its answer, and what to do if the answer comes too late. */
export interface Waiting {
  /** When it is too late, on `performance.now()`'s clock. */
  readonly deadline: number
  /** Called once the deadline has passed, unless it was removed first. */
  expire(): void
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

  constructor(
    /** How long a round trip may wait, in milliseconds. */
    readonly timeout: number,
  ) {}

  /**
   * Calls `waiting.expire()` once its deadline has passed, unless {@link DeadlineQueue.remove} ran
   * first. Deadlines must be added in time order: now plus this queue's timeout.
   */
  add(waiting: Waiting): void {
    this.waiting.add(waiting)
    if (this.timer === undefined) this.arm(waiting.deadline)
  }

  /** Forgets `waiting` (it settled). */
  remove(waiting: Waiting): void {
    this.waiting.delete(waiting)
  }

  /** The deadline of a round trip starting now. */
  deadlineFromNow(): number {
    return performance.now() + this.timeout
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
