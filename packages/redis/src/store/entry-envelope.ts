import { errors, LayercacheError, type StoredEntry } from '@layercache/core'

/**
 * The format version. A reader meeting another version reports `E_DECODE_FAILED` instead of misreading.
 * Layout: `lc1:<header length>:<header JSON><payload>`, header = `[createdAt, expiresAt, staleUntil,
 * tags, mutable]` (`null` for an infinite time). The header is JSON so the read script can find the
 * tags with cjson without touching the payload.
 */
export const ENVELOPE_VERSION = 'lc1'

const headerPattern = /^lc(\d+):(\d+):/

const finite = (time: number): number | null => (time === Number.POSITIVE_INFINITY ? null : time)
const infinite = (time: unknown): number => (time === null ? Number.POSITIVE_INFINITY : Number(time))

/** Encodes an entry whose value is already a payload string. */
export function encodeEnvelope(entry: StoredEntry): string {
  if (typeof entry.value !== 'string') {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      'a Redis store holds serialized values: its cache must serialize',
    )
  }
  const tags = entry.tags === undefined || entry.tags.length === 0 ? null : entry.tags
  // ASCII-only, so its length in characters is its length in bytes, which is what Lua counts.
  const header = JSON.stringify([
    entry.createdAt,
    finite(entry.expiresAt),
    finite(entry.staleUntil),
    tags,
    entry.mutable ? 1 : 0,
  ]).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `${ENVELOPE_VERSION}:${header.length}:${header}${entry.value}`
}

/** Decodes an envelope; throws `E_DECODE_FAILED` for another version or corrupt data. */
export function decodeEnvelope(stored: string): StoredEntry {
  const match = headerPattern.exec(stored)
  if (match === null)
    throw new LayercacheError(errors.DECODE_FAILED, 'a Redis entry is not in a layercache format')
  if (`lc${match[1]}` !== ENVELOPE_VERSION) {
    throw new LayercacheError(
      errors.DECODE_FAILED,
      `a Redis entry is in format lc${match[1]}, this version of @layercache/redis reads ${ENVELOPE_VERSION}`,
    )
  }
  const start = match[0].length
  const end = start + Number(match[2])
  let header: unknown
  try {
    header = JSON.parse(stored.slice(start, end))
  } catch (error) {
    throw new LayercacheError(errors.DECODE_FAILED, 'a Redis entry has a corrupt header', { cause: error })
  }
  if (!Array.isArray(header) || header.length < 5 || typeof header[0] !== 'number') {
    throw new LayercacheError(errors.DECODE_FAILED, 'a Redis entry has a corrupt header')
  }
  const tags = header[3] as string[] | null
  return {
    value: stored.slice(end),
    createdAt: header[0],
    expiresAt: infinite(header[1]),
    staleUntil: infinite(header[2]),
    tags: tags ?? undefined,
    mutable: header[4] === 1,
    size: stored.length - end,
  }
}
