import { errors, fail } from '../errors.js'

const namespacePattern = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)*$/
// With the u flag a surrogate pair is one code point, so this only matches lone surrogates.
const loneSurrogatePattern = /\p{Surrogate}/u

// String.prototype.isWellFormed is ES2024 (Node 20+); the regex covers runtimes without it.
interface MaybeWellFormed {
  isWellFormed?(): boolean
}
const hasNativeIsWellFormed = typeof (String.prototype as MaybeWellFormed).isWellFormed === 'function'

/**
 * True when `key` is well-formed Unicode: it holds no lone UTF-16 surrogate, as left by cutting a
 * string in the middle of an emoji (`'Ann😀'.slice(0, 4)`). Redis (and any UTF-8 text) turns a lone
 * surrogate into U+FFFD, so two different such keys would read and overwrite each other's value.
 * Cheap: V8 answers at once for strings without characters past U+00FF.
 *
 * @example
 * ```ts
 * isWellFormedKey('Ann😀')             // true
 * isWellFormedKey('Ann😀'.slice(0, 4)) // false
 * ```
 */
export function isWellFormedKey(key: string): boolean {
  return hasNativeIsWellFormed
    ? (key as unknown as Required<MaybeWellFormed>).isWellFormed()
    : !loneSurrogatePattern.test(key)
}

/**
 * Checks a user key: throws `E_INVALID_KEY` unless it is a non-empty string of at most
 * `maxKeyLength` characters that is well-formed Unicode (see {@link isWellFormedKey}). Called on
 * every write and on each read's slow path, so it stays branch-light.
 */
export function assertKey(key: unknown, maxKeyLength: number): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > maxKeyLength || !isWellFormedKey(key)) {
    if (typeof key !== 'string') fail(errors.INVALID_KEY, `a key must be a string, got ${describe(key)}`)
    if (key.length === 0) fail(errors.INVALID_KEY, 'a key must not be empty')
    if (key.length > maxKeyLength)
      fail(errors.INVALID_KEY, `a key must be at most ${maxKeyLength} characters, got ${key.length}`)
    fail(errors.INVALID_KEY, `a key ${notWellFormed(key)}`)
  }
}

/** Checks a list of keys (batch calls) with {@link assertKey} before anything is read or written. */
export function assertKeys(keys: unknown, maxKeyLength: number): asserts keys is readonly string[] {
  if (!Array.isArray(keys))
    fail(errors.INVALID_KEY, `keys must be an array of strings, got ${describe(keys)}`)
  for (const key of keys) assertKey(key, maxKeyLength)
}

/**
 * Checks tags: throws `E_INVALID_TAG` unless they are an array of non-empty strings that are
 * well-formed Unicode (see {@link isWellFormedKey}: tags are keys on Redis too). Returns them
 * de-duplicated.
 */
export function checkTags(tags: unknown): readonly string[] {
  if (tags === undefined) return []
  if (!Array.isArray(tags))
    fail(errors.INVALID_TAG, `tags must be an array of strings, got ${describe(tags)}`)
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag.length === 0) {
      fail(errors.INVALID_TAG, `a tag must be a non-empty string, got ${describe(tag)}`)
    }
    if (!isWellFormedKey(tag)) fail(errors.INVALID_TAG, `a tag ${notWellFormed(tag)}`)
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

function notWellFormed(text: string): string {
  const index = text.search(loneSurrogatePattern)
  return (
    `must be well-formed Unicode, got ${describe(text)} with a lone surrogate at index ${index} ` +
    '(a string cut inside an emoji or other pair?); Redis would store it as U+FFFD, where it could meet another one'
  )
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
