import { randomBytes } from 'node:crypto'

/** Every test key starts with this, so stray keys are easy to recognise in a shared Redis. */
export const TEST_KEY_NAMESPACE = 'lc-test'

/**
 * A key prefix no other test shares: `lc-test:<label>:<12 random hex>:`. Give each test its own and
 * clean up with {@link deleteKeysWithPrefix}; never FLUSHDB a Redis that others may be using.
 *
 * @example
 * ```ts
 * const prefix = uniquePrefix('tags') // 'lc-test:tags:3f9a0c1b2d4e:'
 * ```
 */
export function uniquePrefix(label = 'test'): string {
  return `${TEST_KEY_NAMESPACE}:${label}:${randomBytes(6).toString('hex')}:`
}

/**
 * Escapes Redis glob characters (`* ? [ ] \`) so that `text` matches only itself in SCAN MATCH.
 *
 * @example
 * ```ts
 * escapeGlob('a*b') // 'a\\*b'
 * ```
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
