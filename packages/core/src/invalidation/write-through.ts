import type { Cache } from '../cache/cache.js'
import type { SetOptions } from '../cache/cache-options.js'
import { checkTags } from '../cache/validation.js'

/** Options of {@link writeThrough}. */
export interface WriteThroughOptions extends SetOptions {
  /** Tags to invalidate after the write (lists that include the written item, say). @default [] */
  invalidateTags?: readonly string[]
}

/**
 * Writes the source of truth, then the cache, in one call: the cache changes only if `write`
 * succeeds, and then holds exactly what `write` returned. If the new value cannot be cached, the old
 * one is deleted (it no longer matches the source) and the error is thrown.
 *
 * @example
 * ```ts
 * const goal = await writeThrough(cache, `goal:${id}`, () => db.goals.update(id, data), {
 *   ttl: '5m', tags: ['goals'], invalidateTags: [`user:${userId}`],
 * })
 * ```
 */
export async function writeThrough<T>(
  cache: Cache,
  key: string,
  write: () => Promise<T> | T,
  options: WriteThroughOptions = {},
): Promise<T> {
  checkTags(options.tags)
  const invalidateTags = checkTags(options.invalidateTags)
  cache.internals.assertOpen()
  const value = await write()
  try {
    if (value === undefined) await cache.delete(key)
    else await cache.set(key, value, { ttl: options.ttl, tags: options.tags, grace: options.grace })
  } catch (error) {
    await cache.delete(key)
    throw error
  }
  if (invalidateTags.length > 0) await cache.invalidateByTags(invalidateTags)
  return value
}
