/** A call waiting for the store, in a {@link DeadlineQueue}. */
export interface Deadline {
  deadline: number
  /** True once the call settled: the queue then skips it. */
  readonly settled: boolean
  /** Called once the timeout passed without the call settling. */
  expire(): void
}

/**
 * The deadlines of calls that all have the same timeout. Added in time order, so the earliest is at
 * the head: one timer, armed for the head, serves every call in flight, instead of a timer created
 * and cleared per decision. The timer never keeps the process alive.
 */
export class DeadlineQueue {
  private readonly waiting: Deadline[] = []
  private head = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly timeout: number) {}

  /** Calls `entry.expire()` after the timeout unless `entry.settled` is true by then. */
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

const queues = new Map<number, DeadlineQueue>()

/** The queue shared by every call with this timeout. */
export function deadlineQueue(timeout: number): DeadlineQueue {
  let queue = queues.get(timeout)
  if (queue === undefined) queues.set(timeout, (queue = new DeadlineQueue(timeout)))
  return queue
}
