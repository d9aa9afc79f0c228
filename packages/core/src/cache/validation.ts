import { errors, fail } from '../errors.js'

const namespacePattern = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)*$/

/** Checks a user key; the fast path calls this on every read, so it stays branch-light. */
export function assertKey(key: unknown, maxKeyLength: number): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > maxKeyLength) {
    if (typeof key !== 'string') fail(errors.INVALID_KEY, `a key must be a string, got ${describe(key)}`)
    if (key.length === 0) fail(errors.INVALID_KEY, 'a key must not be empty')
    fail(errors.INVALID_KEY, `a key must be at most ${maxKeyLength} characters, got ${key.length}`)
  }
}

/** Checks a list of keys (batch calls) before anything is read or written. */
export function assertKeys(keys: unknown, maxKeyLength: number): asserts keys is readonly string[] {
  if (!Array.isArray(keys))
    fail(errors.INVALID_KEY, `keys must be an array of strings, got ${describe(keys)}`)
  for (const key of keys) assertKey(key, maxKeyLength)
}

/** Checks tags; returns them de-duplicated. */
export function checkTags(tags: unknown): readonly string[] {
  if (tags === undefined) return []
  if (!Array.isArray(tags))
    fail(errors.INVALID_TAG, `tags must be an array of strings, got ${describe(tags)}`)
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag.length === 0) {
      fail(errors.INVALID_TAG, `a tag must be a non-empty string, got ${describe(tag)}`)
    }
  }
  return tags.length < 2 ? (tags as string[]) : [...new Set(tags as string[])]
}

/** Checks a namespace name (one segment or `a:b:c`). */
export function assertNamespace(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !namespacePattern.test(name)) {
    fail(
      errors.INVALID_NAMESPACE,
      `a namespace uses letters, digits, '_', '.', '-' (and ':' between levels), got ${describe(name)}`,
    )
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
