import { afterEach, describe, expect, it, vi } from 'vitest'
import { DeadlineQueue, type Waiting } from '../src/store/deadline-queue.js'

afterEach(() => {
  vi.useRealTimers()
})

/** A round trip added to `queue` now, recording its name in `expired` if it times out. */
function waitingOn(queue: DeadlineQueue, name: string, expired: string[]): Waiting {
  const waiting: Waiting = { deadline: queue.deadlineFromNow(), expire: () => expired.push(name) }
  queue.add(waiting)
  return waiting
}

describe('the deadline queue of round trips', () => {
  it('expires exactly the round trips still waiting when their timeout passes, with one timer', () => {
    vi.useFakeTimers()
    const queue = new DeadlineQueue(100)
    const expired: string[] = []
    const a = waitingOn(queue, 'a', expired)
    vi.advanceTimersByTime(40)
    waitingOn(queue, 'b', expired)
    const c = waitingOn(queue, 'c', expired)
    queue.remove(a)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(70)
    expect(expired).toEqual([])
    queue.remove(c)
    vi.advanceTimersByTime(40)
    expect(expired).toEqual(['b'])
    expect(vi.getTimerCount()).toBe(0)
    waitingOn(queue, 'd', expired)
    vi.advanceTimersByTime(100)
    expect(expired).toEqual(['b', 'd'])
  })

  it('holds nothing of a round trip once it settled', () => {
    vi.useFakeTimers()
    const queue = new DeadlineQueue(10)
    const expired: string[] = []
    for (let round = 0; round < 50; round++) {
      for (let call = 0; call < 1_000; call++) queue.remove(waitingOn(queue, 'settled', expired))
      expect((queue as unknown as { waiting: Set<Waiting> }).waiting.size).toBe(0)
      vi.advanceTimersByTime(11)
    }
    expect(expired).toEqual([])
  })
})
