import { createHash } from 'node:crypto'
import { MAX_PLAIN_KEY_LENGTH } from './constants.js'

/**
 * The cache key of a Next key: kept as it is when short, else its SHA-256 (Next's keys are opaque,
 * embed the build id and serialized arguments, and their format changes between releases).
 */
export function storageKey(prefix: string, key: string): string {
  if (key.length <= MAX_PLAIN_KEY_LENGTH) return prefix + key
  return `${prefix}#${createHash('sha256').update(key).digest('base64url')}`
}
