import type { BusMessage } from '@layercache/core'

/** A bus message on the wire: who sent it, its place in the sender's sequence, and the change. */
export interface BusEnvelope {
  origin: string
  sequence: number
  message: BusMessage
}

const knownTypes = new Set(['delete', 'stamp-tags', 'expire', 'delete-prefix'])

/** Encodes an envelope as JSON with a version field. */
export function encodeBusEnvelope(envelope: BusEnvelope): string {
  return JSON.stringify({ v: 1, o: envelope.origin, s: envelope.sequence, m: envelope.message })
}

/** Decodes an envelope; anything malformed or of another version is ignored (undefined). */
export function decodeBusEnvelope(raw: string): BusEnvelope | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return undefined
  }
  const candidate = parsed as { v?: unknown; o?: unknown; s?: unknown; m?: { type?: unknown } }
  if (candidate?.v !== 1 || typeof candidate.o !== 'string' || typeof candidate.s !== 'number')
    return undefined
  if (typeof candidate.m?.type !== 'string' || !knownTypes.has(candidate.m.type)) return undefined
  return { origin: candidate.o, sequence: candidate.s, message: candidate.m as BusMessage }
}
