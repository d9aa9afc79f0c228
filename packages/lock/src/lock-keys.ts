import { DEFAULT_MAX_KEY_LENGTH, errors, LayercacheError } from '@layercache/core'

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

/** Checks a resource name: a non-empty string of at most `DEFAULT_MAX_KEY_LENGTH` characters. */
export function assertResource(resource: unknown): asserts resource is string {
  if (typeof resource !== 'string') {
    throw new LayercacheError(errors.INVALID_KEY, `a lock resource must be a string, got ${typeof resource}`)
  }
  if (resource.length === 0)
    throw new LayercacheError(errors.INVALID_KEY, 'a lock resource must not be empty')
  if (resource.length > DEFAULT_MAX_KEY_LENGTH) {
    throw new LayercacheError(
      errors.INVALID_KEY,
      `a lock resource must be at most ${DEFAULT_MAX_KEY_LENGTH} characters, got ${resource.length}`,
    )
  }
}

/** Checks the key prefix: non-empty, and no braces (they would break the hash tag). */
export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || prefix.length === 0 || /[{}]/.test(prefix)) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      `prefix must be a non-empty string without '{' or '}', got ${JSON.stringify(prefix)}`,
    )
  }
}

/** The keys of `resource` under `prefix`: `<prefix>:{<resource>}` and `<prefix>:{<resource>}:fence`. */
export function lockKeysOf(prefix: string, resource: string): LockKeys {
  const tag = resource.replace(bracePattern, (character) => braceEscapes[character]!)
  const lock = `${prefix}:{${tag}}`
  return { lock, fence: `${lock}:fence` }
}
