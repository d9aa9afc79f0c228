import { describe, expect, it } from 'vitest'
import { SenderSequences } from '../src/bus/sender-sequences.js'

const GRACE = 100

describe('sequence numbers heard from senders', () => {
  it('takes a sender heard of for the first time as it is', () => {
    const senders = new SenderSequences()
    senders.message('b', 0, 41, 0)
    senders.heartbeat('c', [{ member: 2, sequence: 9, lost: false }], 0)
    expect(senders.overdue(10 * GRACE, GRACE)).toEqual([])
  })

  it('waits for a message overtaken by a later one, and reports it lost once the grace has passed', () => {
    const senders = new SenderSequences()
    senders.message('b', 0, 1, 0)
    senders.message('b', 0, 3, 0)
    senders.message('b', 0, 2, 50)
    expect(senders.overdue(10 * GRACE, GRACE)).toEqual([])
    senders.message('b', 0, 5, 1_000)
    expect(senders.overdue(1_000 + GRACE - 1, GRACE)).toEqual([])
    expect(senders.overdue(1_000 + GRACE, GRACE)).toEqual([{ bus: 'b', member: 0 }])
    expect(senders.overdue(5_000, GRACE)).toEqual([])
  })

  it('notices from a heartbeat a message that never arrived', () => {
    const senders = new SenderSequences()
    senders.message('b', 0, 1, 0)
    senders.heartbeat('b', [{ member: 0, sequence: 2, lost: false }], 0)
    expect(senders.overdue(GRACE, GRACE)).toEqual([{ bus: 'b', member: 0 }])
    senders.message('b', 0, 3, 200)
    expect(senders.overdue(400, GRACE)).toEqual([])
  })

  it('reports at once a gap too long to wait for', () => {
    const senders = new SenderSequences()
    senders.message('b', 0, 1, 0)
    senders.message('b', 0, 1_000, 0)
    expect(senders.overdue(0, GRACE)).toEqual([{ bus: 'b', member: 0 }])
  })

  it('forgets members a heartbeat no longer lists, and buses silent for long', () => {
    const senders = new SenderSequences()
    senders.message('b', 0, 1, 0)
    senders.message('b', 1, 1, 0)
    senders.message('c', 0, 1, 0)
    senders.heartbeat('b', [{ member: 1, sequence: 1, lost: false }], 10)
    expect(senders.size).toBe(2)
    senders.forgetSilent(1_000, 995)
    expect(senders.size).toBe(1)
    senders.clear()
    expect(senders.size).toBe(0)
  })
})
