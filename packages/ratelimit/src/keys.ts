import { invalidOption } from './errors.js'
import type { Limiter } from './limiter.js'
import { isWellFormed } from './validation.js'

/** Default of `RateLimitOptions.prefix`. */
export const DEFAULT_PREFIX = 'rl'

const braces = /[%{}]/g
const escapes: Record<string, string> = { '%': '%25', '{': '%7B', '}': '%7D' }

/**
 * The identifier as it appears inside the hash tag. Braces would end the tag early (or make it
 * empty, so Redis Cluster would hash the whole key and scatter one identifier's keys over several
 * slots), so `{`, `}` and `%` are percent-encoded; every other character is kept as is.
 */
export function encodeIdentifier(identifier: string): string {
  return identifier.replace(braces, (character) => escapes[character]!)
}

/**
 * Checks a key prefix: non-empty, without braces (which would take over the hash tag), and
 * well-formed Unicode (Redis would store a lone surrogate as U+FFFD, merging two prefixes).
 */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || prefix.length === 0 || /[{}]/.test(prefix) || !isWellFormed(prefix)) {
    const shown = typeof prefix === 'string' ? JSON.stringify(prefix) : String(prefix)
    invalidOption(`prefix must be a non-empty string of valid Unicode without '{' or '}', got ${shown}`)
  }
  return prefix
}

/**
 * Where an identifier's state lives. Every key of one identifier shares the hash tag
 * `{<identifier>}`, so a decision over several limits is one script call on one Redis Cluster slot:
 *
 * ```
 * <prefix>:{<identifier>}:blocked              the block set by block(), holding its end time
 * <prefix>:{<identifier>}:<code>:<a>:<b>:<c>   one key per limit: algorithm code and parameters
 * ```
 *
 * Changing a limit's parameters therefore starts it from a clean state, and the old key expires by
 * its TTL.
 */
export class Keyspace {
  private readonly suffixes: readonly string[]

  constructor(
    readonly prefix: string,
    limiters: readonly Limiter[],
  ) {
    this.suffixes = ['blocked', ...limiters.map((limiter) => limiter.keySuffix)]
  }

  /** `[blockKey, limitKey1, ..., limitKeyN]` for `identifier`, in the limiters' order. */
  keys(identifier: string): string[] {
    const base = `${this.prefix}:{${encodeIdentifier(identifier)}}:`
    return this.suffixes.map((suffix) => base + suffix)
  }

  /** The block key of `identifier`. */
  blockKey(identifier: string): string {
    return `${this.prefix}:{${encodeIdentifier(identifier)}}:blocked`
  }
}
