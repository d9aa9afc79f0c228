import type { BusMessage } from '@layercache/core'

/** Version of the bus wire format. A receiver ignores every other version (and anything malformed). */
export const BUS_ENVELOPE_VERSION = 2

/** A change one member published. */
export interface MessageEnvelope {
  readonly type: 'message'
  /** The publishing bus: random per `createRedisBus()` call. */
  readonly bus: string
  /** The publishing member, numbered within its bus. */
  readonly member: number
  /** The member's sequence number for this message: 1, 2, 3… (a failed publish uses one up too). */
  readonly sequence: number
  /** The member failed to publish an earlier message: every receiver must resync. */
  readonly lost: boolean
  readonly message: BusMessage
}

/** One member's line in a heartbeat. */
export interface HeartbeatEntry {
  readonly member: number
  /** Every publish of the member up to this sequence number has settled (sent or failed). */
  readonly sequence: number
  /** The member failed to publish a message and has not told the others yet. */
  readonly lost: boolean
}

/** A bus's periodic proof of life on a channel, with the sequence numbers of its members there. */
export interface HeartbeatEnvelope {
  readonly type: 'heartbeat'
  readonly bus: string
  /** Every member of the bus on this channel. */
  readonly members: readonly HeartbeatEntry[]
  /** A member that has left since failed to publish a message: every receiver must resync. */
  readonly lost: boolean
}

/**
 * An envelope of another version of the wire format (from a server not yet upgraded, or already
 * upgraded further): unreadable, but it stands for a change this server would otherwise miss.
 */
export interface ForeignEnvelope {
  readonly type: 'foreign'
}

/** What travels on a bus channel. */
export type BusEnvelope = MessageEnvelope | HeartbeatEnvelope

/**
 * Encodes an envelope as compact versioned JSON:
 * `{"v":2,"t":"m","b":bus,"o":member,"s":sequence,"l":1,"m":message}` for a message and
 * `{"v":2,"t":"h","b":bus,"s":[[member,sequence,1?],…],"l":1}` for a heartbeat; `l` only when set.
 */
export function encodeBusEnvelope(envelope: BusEnvelope): string {
  const lost = envelope.lost ? { l: 1 } : {}
  if (envelope.type === 'message') {
    const { bus, member, sequence, message } = envelope
    return JSON.stringify({
      v: BUS_ENVELOPE_VERSION,
      t: 'm',
      b: bus,
      o: member,
      s: sequence,
      ...lost,
      m: message,
    })
  }
  const entries = envelope.members.map((entry) =>
    entry.lost ? [entry.member, entry.sequence, 1] : [entry.member, entry.sequence],
  )
  return JSON.stringify({ v: BUS_ENVELOPE_VERSION, t: 'h', b: envelope.bus, s: entries, ...lost })
}

/**
 * Decodes an envelope. Anything malformed is ignored (undefined); an object with another numeric
 * version `v` is reported as foreign.
 */
export function decodeBusEnvelope(raw: string): BusEnvelope | ForeignEnvelope | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (!isRecord(parsed) || typeof parsed.v !== 'number') return undefined
  if (parsed.v !== BUS_ENVELOPE_VERSION) return { type: 'foreign' }
  const { t: type, b: bus, s: sequence, l: lost } = parsed
  if (typeof bus !== 'string' || bus.length === 0 || (lost !== undefined && lost !== 1)) return undefined
  if (type === 'm') {
    const message = decodeMessage(parsed.m)
    if (!isCount(parsed.o) || !isCount(sequence) || sequence === 0 || message === undefined) return undefined
    return { type: 'message', bus, member: parsed.o, sequence, lost: lost === 1, message }
  }
  if (type !== 'h' || !Array.isArray(sequence)) return undefined
  const members: HeartbeatEntry[] = []
  for (const entry of sequence) {
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) return undefined
    const [member, last, memberLost] = entry as unknown[]
    if (!isCount(member) || !isCount(last) || (memberLost !== undefined && memberLost !== 1)) return undefined
    members.push({ member, sequence: last, lost: memberLost === 1 })
  }
  return { type: 'heartbeat', bus, members, lost: lost === 1 }
}

/** Rebuilds a message from its known fields only, or undefined when any is missing or mistyped. */
function decodeMessage(candidate: unknown): BusMessage | undefined {
  if (!isRecord(candidate)) return undefined
  switch (candidate.type) {
    case 'delete':
    case 'expire':
      return isStringList(candidate.keys) ? { type: candidate.type, keys: candidate.keys } : undefined
    case 'delete-prefix':
      return typeof candidate.prefix === 'string'
        ? { type: 'delete-prefix', prefix: candidate.prefix }
        : undefined
    case 'stamp-tags': {
      const { tagKeys, invalidatedAt, expiredAt, expiredUntil } = candidate
      if (
        !isStringList(tagKeys) ||
        !isOptionalTime(invalidatedAt) ||
        !isOptionalTime(expiredAt) ||
        !isOptionalTime(expiredUntil)
      )
        return undefined
      return {
        type: 'stamp-tags',
        tagKeys,
        ...(invalidatedAt === undefined ? {} : { invalidatedAt }),
        ...(expiredAt === undefined ? {} : { expiredAt }),
        ...(expiredUntil === undefined ? {} : { expiredUntil }),
      }
    }
    default:
      return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isOptionalTime(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value))
}
