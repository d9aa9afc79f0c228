import { afterEach, describe, expect, it, vi } from 'vitest'
import { DeadlineQueue } from '../src/store/deadline-queue.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('the deadline queue of round trips', () => {
  it('expires exactly the round trips still waiting when their timeout passes, with one timer', () => {
    vi.useFakeTimers()
    const queue = new DeadlineQueue(100)
    const expired: string[] = []
    const settleA = queue.add(() => expired.push('a'))
    vi.advanceTimersByTime(40)
    queue.add(() => expired.push('b'))
    const settleC = queue.add(() => expired.push('c'))
    settleA()
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(70)
    expect(expired).toEqual([])
    settleC()
    vi.advanceTimersByTime(40)
    expect(expired).toEqual(['b'])
    expect(vi.getTimerCount()).toBe(0)
    queue.add(() => expired.push('d'))
    vi.advanceTimersByTime(100)
    expect(expired).toEqual(['b', 'd'])
  })

  it('keeps its memory bounded under steady traffic', () => {
    vi.useFakeTimers()
    const queue = new DeadlineQueue(10)
    for (let round = 0; round < 50; round++) {
      for (let call = 0; call < 1_000; call++) queue.add(() => {})()
      vi.advanceTimersByTime(11)
    }
    expect((queue as unknown as { waiting: unknown[] }).waiting.length).toBeLessThan(3_000)
  })
})
