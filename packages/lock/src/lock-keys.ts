import { errors, LayercacheError } from '@layercache/core'

/** The longest resource name, in UTF-16 code units (the cache's own key limit). */
const MAX_RESOURCE_LENGTH = 1024

/** The keys of one resource. Both share the hash tag `{<resource>}`, so one script can touch both on a cluster. */
export interface LockKeys {
  /** Holds the owner token, with the lock's TTL. */
  readonly lock: string
  /** Holds the resource's fencing counter. */
  readonly fence: string
}

// Redis Cluster hashes only what is inside the first `{...}`; a brace inside the resource would end
// the tag early (or leave it empty, and the two keys would land in different slots). `%` is escaped
// too, so the encoding is one-to-one: `a}` and `a%7D` stay different resources.
const bracePattern = /[%{}]/g
const braceEscapes: Record<string, string> = { '%': '%25', '{': '%7B', '}': '%7D' }

/**
 * True unless `text` holds a lone surrogate. Redis stores strings as UTF-8, where a lone surrogate
 * (half of an emoji, say `'Ann😀'.slice(0, 4)`) becomes U+FFFD: two different resources would share
 * one lock on Redis but not in memory. `String.prototype.isWellFormed` is in every Node we support
 * (20.19+), but not in the ES2022 lib we compile against.
 */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed()
}

/**
 * Checks a resource name: a non-empty string of at most `MAX_RESOURCE_LENGTH` characters, and
 * well-formed Unicode (see {@link isWellFormed}).
 */
export function assertResource(resource: unknown): asserts resource is string {
  if (typeof resource !== 'string') {
    throw new LayercacheError(errors.INVALID_KEY, `a lock resource must be a string, got ${typeof resource}`)
  }
  if (resource.length === 0)
    throw new LayercacheError(errors.INVALID_KEY, 'a lock resource must not be empty')
  if (resource.length > MAX_RESOURCE_LENGTH) {
    throw new LayercacheError(
      errors.INVALID_KEY,
      `a lock resource must be at most ${MAX_RESOURCE_LENGTH} characters, got ${resource.length}`,
    )
  }
  if (!isWellFormed(resource)) {
    throw new LayercacheError(
      errors.INVALID_KEY,
      `lock resource ${JSON.stringify(resource)} holds a lone surrogate (not valid Unicode), ` +
        'which Redis would store as U+FFFD',
    )
  }
}

/**
 * Checks the key prefix: non-empty, no braces (they would break the hash tag), and well-formed
 * Unicode (two prefixes must not become one key space on Redis).
 */
export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || prefix.length === 0 || /[{}]/.test(prefix) || !isWellFormed(prefix)) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      `prefix must be a non-empty string of valid Unicode without '{' or '}', got ${JSON.stringify(prefix)}`,
    )
  }
}

/** The keys of `resource` under `prefix`: `<prefix>:{<resource>}` and `<prefix>:{<resource>}:fence`. */
export function lockKeysOf(prefix: string, resource: string): LockKeys {
  const tag = resource.replace(bracePattern, (character) => braceEscapes[character]!)
  const lock = `${prefix}:{${tag}}`
  return { lock, fence: `${lock}:fence` }
}
