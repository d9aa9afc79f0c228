import { errors, LayercacheError } from '@layercache/core'
import type { Absence, StoredEntry } from '@layercache/core/store'

/**
 * The format version. A reader meeting another version reads the key as unreadable instead of
 * misreading it. Two shapes:
 *
 * ```
 * lc2:<header length>:<header JSON><payload>   an entry; header = [version, createdAt, expiresAt,
 *                                               staleUntil, tags, mutable] (null: an infinite time)
 * lc2:t:<version>                               a tombstone: the key was deleted recently
 * ```
 *
 * The header is JSON so the scripts can find the tags without touching the payload, and it opens with
 * the version so a conditional write can read it with one pattern.
 */
export const ENVELOPE_VERSION = 'lc2'

/** The version of a key holding something this store cannot read (another format, another type). */
export const UNREADABLE_VERSION = -1

const headerPattern = /^lc(\d+):(\d+|t):/

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
    entry.version ?? 0,
    entry.createdAt,
    finite(entry.expiresAt),
    finite(entry.staleUntil),
    tags,
    entry.mutable ? 1 : 0,
  ]).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `${ENVELOPE_VERSION}:${header.length}:${header}${entry.value}`
}

/** A tombstone: what a deletion leaves at a key for a while. */
export function encodeTombstone(version: number): string {
  return `${ENVELOPE_VERSION}:t:${version}`
}

/**
 * The version the scripts see in what a key holds when the header cannot be decoded (their
 * `versionOf`, which this must agree with): a conditional write naming it may then replace it.
 */
function leadingVersion(stored: string): number {
  const found = /^lc2:\d+:\[(\d+),/.exec(stored)?.[1]
  if (found === undefined) return UNREADABLE_VERSION
  return found === '0' ? Number.NaN : Number(found)
}

const unreadable = (stored: string, message: string, cause?: unknown): Absence => ({
  absent: true,
  version: leadingVersion(stored),
  error: new LayercacheError(errors.DECODE_FAILED, message, cause === undefined ? undefined : { cause }),
})

/**
 * Decodes what a key holds: an entry, a tombstone (an absence with its version) or something
 * unreadable (an absence with an `E_DECODE_FAILED` error), never a throw: one bad key must not fail
 * a batch.
 */
export function decodeEnvelope(stored: string): StoredEntry | Absence {
  // The common case, `lc2:<digits>:`, without a regular expression: this runs on every read.
  if (stored.startsWith(ENTRY_START)) {
    let length = 0
    let at = ENTRY_START.length
    for (let code = stored.charCodeAt(at); code >= 48 && code <= 57; code = stored.charCodeAt(++at))
      length = length * 10 + (code - 48)
    if (at > ENTRY_START.length && at < 24 && stored.charCodeAt(at) === 58)
      return decodeEntry(stored, at + 1, at + 1 + length)
  }
  const match = headerPattern.exec(stored)
  if (match === null) return unreadable(stored, 'a Redis entry is not in a layercache format')
  if (`lc${match[1]}` !== ENVELOPE_VERSION) {
    return unreadable(
      stored,
      `a Redis entry is in format lc${match[1]}, this version of @layercache/redis reads ${ENVELOPE_VERSION}`,
    )
  }
  if (match[2] === 't') {
    const version = Number(stored.slice(match[0].length))
    return Number.isSafeInteger(version) && version > 0
      ? { absent: true, version }
      : unreadable(stored, 'a Redis tombstone is corrupt')
  }
  return decodeEntry(stored, match[0].length, match[0].length + Number(match[2]))
}

const ENTRY_START = `${ENVELOPE_VERSION}:`

/** The entry whose header JSON runs from `start` to `end` in `stored`, the payload after it. */
function decodeEntry(stored: string, start: number, end: number): StoredEntry | Absence {
  return scanHeader(stored, start, end) ?? parseHeader(stored, start, end)
}

const COMMA = 44
/** Where {@link scanNumber} reads next (one read is decoded at a time: no state object per read). */
let scanAt = 0

/**
 * The whole number at `scanAt` and the comma after it, moving `scanAt` past them: `Infinity` for
 * `null` where `nullable`, `NaN` for anything else — a fraction, an exponent, a sign, a leading zero
 * or a number past `Number.MAX_SAFE_INTEGER` (where digits stop being exact) go to `JSON.parse`.
 */
function scanNumber(stored: string, nullable: boolean): number {
  const first = scanAt
  let at = first
  let value = 0
  for (let code = stored.charCodeAt(at); code >= 48 && code <= 57; code = stored.charCodeAt(++at))
    value = value * 10 + (code - 48)
  const digits = at - first
  if (digits === 0) {
    if (!nullable || !stored.startsWith('null', at)) return Number.NaN
    at += 4
    value = Number.POSITIVE_INFINITY
  } else if (
    digits > 16 ||
    value > Number.MAX_SAFE_INTEGER ||
    (digits > 1 && stored.charCodeAt(first) === 48)
  ) {
    return Number.NaN
  }
  if (stored.charCodeAt(at) !== COMMA) return Number.NaN
  scanAt = at + 1
  return value
}

/**
 * The common header, `[version,createdAt,expiresAt,staleUntil,tags,0|1]` with whole numbers (or
 * `null` for an infinite time), read without building the header's string and array (only the tags,
 * when there are some, go through `JSON.parse`); `undefined` for anything else (fractions,
 * corruption), which {@link parseHeader} then reads with `JSON.parse` and checks.
 */
function scanHeader(stored: string, start: number, end: number): StoredEntry | undefined {
  if (stored.charCodeAt(start) !== 91 /* [ */) return undefined
  scanAt = start + 1
  const version = scanNumber(stored, false)
  const createdAt = scanNumber(stored, false)
  const expiresAt = scanNumber(stored, true)
  const staleUntil = scanNumber(stored, true)
  // NaN fails every comparison: one check covers the four fields.
  if (!(version >= 0 && createdAt >= 0 && expiresAt >= 0 && staleUntil >= 0)) return undefined
  // The header ends `,0]` or `,1]`; the tags are what lies between.
  const mutable = stored.charCodeAt(end - 2)
  if ((mutable !== 48 && mutable !== 49) || stored.charCodeAt(end - 3) !== COMMA) return undefined
  if (stored.charCodeAt(end - 1) !== 93 /* ] */) return undefined
  let tags: string[] | undefined
  if (end - 3 - scanAt === 4 && stored.startsWith('null', scanAt)) tags = undefined
  else if (stored.charCodeAt(scanAt) === 91 /* [ */) {
    tags = scanTags(stored.slice(scanAt, end - 3))
    if (tags === undefined) return undefined
  } else return undefined
  return {
    value: stored.slice(end),
    version: version === 0 ? undefined : version,
    createdAt,
    expiresAt,
    staleUntil,
    tags,
    mutable: mutable === 49,
    size: stored.length - end,
  }
}

/** A header's tags (`["a","b"]`), or `undefined` when they are not a non-empty array of strings. */
function scanTags(text: string): string[] | undefined {
  let tags: unknown
  try {
    tags = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!Array.isArray(tags) || tags.length === 0) return undefined
  for (const tag of tags) if (typeof tag !== 'string') return undefined
  return tags as string[]
}

/** Any header, read with `JSON.parse` and checked field by field. */
function parseHeader(stored: string, start: number, end: number): StoredEntry | Absence {
  let header: unknown
  try {
    header = JSON.parse(stored.slice(start, end))
  } catch (error) {
    return unreadable(stored, 'a Redis entry has a corrupt header', error)
  }
  if (
    !Array.isArray(header) ||
    header.length < 6 ||
    typeof header[0] !== 'number' ||
    typeof header[1] !== 'number' ||
    (header[4] !== null && !Array.isArray(header[4]))
  ) {
    return unreadable(stored, 'a Redis entry has a corrupt header')
  }
  const tags = header[4] as string[] | null
  return {
    value: stored.slice(end),
    version: header[0] === 0 ? undefined : header[0],
    createdAt: header[1],
    expiresAt: infinite(header[2]),
    staleUntil: infinite(header[3]),
    tags: tags ?? undefined,
    mutable: header[5] === 1,
    size: stored.length - end,
  }
}
