/** A call waiting for the store, in a {@link DeadlineQueue}. */
export interface Deadline {
  /** When it is too late, on `performance.now()`'s clock: set by {@link DeadlineQueue.push}. */
  deadline: number
  /** Called once the timeout passed, unless {@link DeadlineQueue.remove} ran first. */
  expire(): void
}

/**
 * The deadlines of calls that all have the same timeout. Added in time order, so the earliest pending
 * one is always the first in the set: one timer, armed for it, serves every call in flight, instead of
 * a timer created and cleared per decision. A call that settled leaves the set at once, so nothing of
 * it outlives its answer (kept until its deadline, a second's worth of settled calls would be promoted
 * to the old generation, where collecting them is slow). The timer never keeps the process alive.
 */
export class DeadlineQueue {
  private readonly waiting = new Set<Deadline>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly timeout: number) {}

  /** Calls `entry.expire()` after the timeout unless {@link DeadlineQueue.remove} ran first. */
  push(entry: Deadline): void {
    entry.deadline = performance.now() + this.timeout
    this.waiting.add(entry)
    if (this.timer === undefined) this.arm(entry.deadline)
  }

  /** Forgets `entry` (it settled). */
  remove(entry: Deadline): void {
    this.waiting.delete(entry)
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - performance.now()))
    this.timer.unref?.()
  }

  private fire(): void {
    this.timer = undefined
    const now = performance.now()
    for (const entry of this.waiting) {
      if (entry.deadline > now) {
        this.arm(entry.deadline)
        return
      }
      this.waiting.delete(entry)
      entry.expire()
    }
  }
}

const queues = new Map<number, DeadlineQueue>()

/** The queue shared by every call with this timeout. */
export function deadlineQueue(timeout: number): DeadlineQueue {
  let queue = queues.get(timeout)
  if (queue === undefined) queues.set(timeout, (queue = new DeadlineQueue(timeout)))
  return queue
}
