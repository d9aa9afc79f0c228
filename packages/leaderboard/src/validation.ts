import { errors } from '@layercache/core'
import type { EntryField } from './entry.js'
import { fail, failWith, leaderboardErrors } from './errors.js'
import { type EntryFields, NO_DETAILS } from './range-entries.js'

// With the u flag, pairs are matched as one code point, so only lone surrogates match.
const loneSurrogate = /\p{Surrogate}/u

/**
 * True when `text` holds a lone surrogate: Redis stores strings as UTF-8, where it becomes U+FFFD,
 * so two different strings would name one thing on Redis and two in the memory store.
 */
export function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text)
}

/** Refuses member ids Redis and the memory store would not treat alike: only well-formed, non-empty strings. */
export function assertMember(member: unknown, maxLength: number): asserts member is string {
  if (typeof member !== 'string' || member.length === 0) {
    failWith(
      leaderboardErrors.INVALID_MEMBER,
      `a member id must be a non-empty string, got ${describe(member)}`,
    )
  }
  if (member.length > maxLength) {
    failWith(
      leaderboardErrors.INVALID_MEMBER,
      `member id is ${member.length} characters long; maxMemberLength is ${maxLength}`,
    )
  }
  if (hasLoneSurrogate(member)) {
    failWith(leaderboardErrors.INVALID_MEMBER, 'member id holds a lone surrogate (not valid Unicode)')
  }
}

/** Scores are finite doubles; -0 is stored as 0. */
export function toScore(score: unknown, member: string): number {
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    failWith(
      leaderboardErrors.INVALID_SCORE,
      `score of ${JSON.stringify(member)} must be a finite number, got ${describe(score)}`,
    )
  }
  return score === 0 ? 0 : score
}

/** Metadata as the JSON the scripts store; `''` when there is none to write. */
export function encodeMetadata(metadata: unknown, maxLength: number): string {
  if (metadata === undefined) return ''
  let json: string | undefined
  try {
    json = JSON.stringify(metadata)
  } catch (error) {
    failWith(
      leaderboardErrors.INVALID_METADATA,
      `metadata is not JSON-serializable: ${(error as Error).message}`,
    )
  }
  if (typeof json !== 'string') {
    failWith(
      leaderboardErrors.INVALID_METADATA,
      `metadata is not JSON-serializable, got ${describe(metadata)}`,
    )
  }
  if (json.length > maxLength) {
    failWith(
      leaderboardErrors.INVALID_METADATA,
      `metadata JSON is ${json.length} characters long; maxMetadataLength is ${maxLength}`,
    )
  }
  return json
}

/** Counts, page numbers and distances: safe integers of at least `minimum`. */
export function assertWholeNumber(value: unknown, what: string, minimum = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    failWith(
      leaderboardErrors.INVALID_RANGE,
      `${what} must be an integer >= ${minimum}, got ${describe(value)}`,
    )
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  return typeof value
}

const ENTRY_FIELDS: readonly string[] = ['reachedAt', 'metadata'] satisfies EntryField[]

/** The details `with` asks for: `undefined` or an array of {@link EntryField}s. */
export function entryFields(requested: unknown): EntryFields {
  if (requested === undefined) return NO_DETAILS
  if (!Array.isArray(requested) || requested.some((field) => !ENTRY_FIELDS.includes(field))) {
    fail(
      errors.INVALID_OPTION,
      `with must be an array of ${ENTRY_FIELDS.map((field) => `'${field}'`).join(', ')}, got ${describe(requested)}`,
    )
  }
  return { reachedAt: requested.includes('reachedAt'), metadata: requested.includes('metadata') }
}
