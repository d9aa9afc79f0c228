import { describe, expect, it } from 'vitest'
import { type BusEnvelope, decodeBusEnvelope, encodeBusEnvelope } from '../src/bus/bus-envelope.js'

describe('the bus wire format', () => {
  it('round-trips messages and heartbeats', () => {
    const envelopes: BusEnvelope[] = [
      {
        type: 'message',
        bus: 'b1',
        member: 0,
        sequence: 1,
        lost: false,
        message: { type: 'delete', keys: ['a:k'] },
      },
      {
        type: 'message',
        bus: 'b1',
        member: 3,
        sequence: 9,
        lost: true,
        message: { type: 'expire', keys: [] },
      },
      {
        type: 'message',
        bus: 'b2',
        member: 1,
        sequence: 2,
        lost: false,
        message: { type: 'delete-prefix', prefix: 'a:' },
      },
      {
        type: 'message',
        bus: 'b2',
        member: 1,
        sequence: 3,
        lost: false,
        message: { type: 'stamp-tags', tagKeys: ['a:t'], invalidatedAt: 5, expiredAt: 6.5 },
      },
      { type: 'heartbeat', bus: 'b3', members: [], lost: true },
      {
        type: 'heartbeat',
        bus: 'b3',
        members: [
          { member: 0, sequence: 0, lost: false },
          { member: 7, sequence: 12, lost: true },
        ],
        lost: false,
      },
    ]
    for (const envelope of envelopes) expect(decodeBusEnvelope(encodeBusEnvelope(envelope))).toEqual(envelope)
  })

  it('ignores anything malformed', () => {
    const message = { v: 2, t: 'm', b: 'b', o: 0, s: 1, m: { type: 'delete', keys: ['k'] } }
    const heartbeat = { v: 2, t: 'h', b: 'b', s: [[0, 1]] }
    const malformed: unknown[] = [
      'not json',
      null,
      [],
      { ...message, v: '2' },
      { ...message, t: 'x' },
      { ...message, b: '' },
      { ...message, b: 7 },
      { ...message, o: -1 },
      { ...message, o: 1.5 },
      { ...message, s: 0 },
      { ...message, s: '1' },
      { ...message, l: true },
      { ...message, m: { type: 'delete', keys: 'k' } },
      { ...message, m: { type: 'delete', keys: [1] } },
      { ...message, m: { type: 'delete-prefix' } },
      { ...message, m: { type: 'stamp-tags', tagKeys: ['t'], invalidatedAt: 'now' } },
      { ...message, m: { type: 'evict', keys: ['k'] } },
      { ...heartbeat, s: {} },
      { ...heartbeat, s: [[0]] },
      { ...heartbeat, s: [[0, 1, 2]] },
      { ...heartbeat, s: [[0, -1]] },
      { ...heartbeat, s: [[0, 1, 1, 1]] },
      { ...heartbeat, l: 2 },
    ]
    for (const candidate of malformed) {
      const raw = typeof candidate === 'string' ? candidate : JSON.stringify(candidate)
      expect(decodeBusEnvelope(raw), raw).toBeUndefined()
    }
    expect(decodeBusEnvelope(JSON.stringify(message))).toBeDefined()
    expect(decodeBusEnvelope(JSON.stringify(heartbeat))).toBeDefined()
  })

  it('reports envelopes of another version as foreign', () => {
    const version1 = { v: 1, o: 'origin', s: 1, m: { type: 'delete', keys: ['k'] } }
    expect(decodeBusEnvelope(JSON.stringify(version1))).toEqual({ type: 'foreign' })
    expect(decodeBusEnvelope(JSON.stringify({ v: 3, anything: true }))).toEqual({ type: 'foreign' })
  })

  it('keeps only the known fields of a message', () => {
    const raw = JSON.stringify({
      v: 2,
      t: 'm',
      b: 'b',
      o: 0,
      s: 1,
      m: { type: 'delete', keys: ['k'], extra: 1 },
    })
    expect(decodeBusEnvelope(raw)).toMatchObject({ message: { type: 'delete', keys: ['k'] } })
    expect((decodeBusEnvelope(raw) as { message: object }).message).not.toHaveProperty('extra')
  })
})
