import { errors, LayercacheError } from '@layercache/core'

const fail = (message: string): never => {
  throw new LayercacheError(errors.INVALID_OPTION, message)
}

/** Escapes Redis glob characters so a prefix matches only itself in SCAN MATCH. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

/** Where a prefix delete looks: a SCAN pattern, and the exact test of what it finds. */
export interface PrefixScan {
  readonly pattern: string
  readonly matches: (redisKey: string) => boolean
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** FNV-1a over UTF-16 code units: stable across processes and cheap. */
function hash(text: string): number {
  let value = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index)
    value = Math.imul(value, 0x01000193)
  }
  return value >>> 0
}

/**
 * Where each key lives in Redis. Cache entries are spread over `shards` hash tags (`{s0}`…): an entry
 * and the tag records it is checked against share a hash tag, so one script reads both on any
 * Redis Cluster node; a tag invalidation writes one record per shard (a constant, not one write per
 * entry). Script keys keep the caller's own hash tag.
 *
 * ```
 * <prefix>{s<n>}:e:<cache key>     an entry
 * <prefix>{s<n>}:t:<tag key>       a tag record (hash: i = invalidatedAt, x = expiredAt)
 * <prefix><script key>             a key of an atomic script
 * ```
 */
export class KeyLayout {
  constructor(
    readonly prefix: string,
    readonly shards: number,
  ) {
    if (/[{}]/.test(prefix)) fail(`a Redis prefix must not contain '{' or '}', got ${JSON.stringify(prefix)}`)
    if (!Number.isInteger(shards) || shards < 1 || shards > 1024) {
      fail(`shards must be an integer from 1 to 1024, got ${shards}`)
    }
  }

  shardOf(cacheKey: string): number {
    return this.shards === 1 ? 0 : hash(cacheKey) % this.shards
  }

  /** Each shard's `<prefix>{s<n>}:e:` and `:t:` prefixes, built once: every read starts with one. */
  private readonly entryPrefixes: string[] = []
  private readonly tagPrefixes: string[] = []

  shardPrefix(shard: number): string {
    return `${this.prefix}{s${shard}}:`
  }

  entryKey(cacheKey: string, shard = this.shardOf(cacheKey)): string {
    return (this.entryPrefixes[shard] ??= `${this.shardPrefix(shard)}e:`) + cacheKey
  }

  tagKey(tagKey: string, shard: number): string {
    return (this.tagPrefixes[shard] ??= `${this.shardPrefix(shard)}t:`) + tagKey
  }

  scriptKey(key: string): string {
    return this.prefix + key
  }

  /**
   * The entries under a cache-key prefix, in any shard. The glob alone would also match another
   * namespace's key that happens to contain `}:e:<prefix>`, so what it finds is checked exactly.
   * Tag records and script keys are never part of it.
   */
  prefixScan(prefix: string): PrefixScan {
    const exact = new RegExp(`^${escapeRegExp(this.prefix)}\\{s\\d+\\}:e:`)
    return {
      pattern: `${escapeGlob(this.prefix)}{s*}:e:${escapeGlob(prefix)}*`,
      matches: (redisKey) => {
        const head = exact.exec(redisKey)
        return head !== null && redisKey.startsWith(prefix, head[0].length)
      },
    }
  }

  /** Groups entry keys (as stored in Redis) by their shard's hash tag. */
  groupEntryKeysByShard(entryKeys: readonly string[]): Map<string, string[]> {
    const groups = new Map<string, string[]>()
    const tagStart = this.prefix.length
    for (const entryKey of entryKeys) {
      const tag = entryKey.slice(tagStart, entryKey.indexOf('}', tagStart) + 1)
      const group = groups.get(tag)
      if (group === undefined) groups.set(tag, [entryKey])
      else group.push(entryKey)
    }
    return groups
  }

  /** Groups positions of `cacheKeys` by shard. */
  groupByShard(cacheKeys: readonly string[]): Map<number, number[]> {
    const groups = new Map<number, number[]>()
    cacheKeys.forEach((cacheKey, position) => {
      const shard = this.shardOf(cacheKey)
      const group = groups.get(shard)
      if (group === undefined) groups.set(shard, [position])
      else group.push(position)
    })
    return groups
  }
}
