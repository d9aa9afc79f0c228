import type { LocalScriptContext } from '@layercache/core/store'
import { SortedSet } from '../sorted-set/sorted-set.js'

// The few Redis commands the leaderboard uses, over the memory store's script space. Values are
// mutable structures changed in place (a key keeps its TTL, as in Redis); a sorted set or hash that
// becomes empty is deleted, as Redis deletes it.

interface Counter {
  value: number
}

export function sortedSetAt(context: LocalScriptContext, key: string): SortedSet | undefined {
  return context.get<SortedSet>(key)
}

/** `ZADD key score member`. */
export function addToSortedSet(
  context: LocalScriptContext,
  key: string,
  score: number,
  member: string,
): void {
  let set = sortedSetAt(context, key)
  if (set === undefined) {
    set = new SortedSet()
    context.set(key, set)
  }
  set.add(member, score)
}

/** `ZREM key member`. */
export function removeFromSortedSet(context: LocalScriptContext, key: string, member: string): void {
  const set = sortedSetAt(context, key)
  if (set === undefined || !set.remove(member)) return
  if (set.size === 0) context.delete(key)
}

/**
 * `ZRANGE key start stop WITHSCORES` (`ZREVRANGE` when descending) for positions from 0: members,
 * each followed by its score as text (`String(score)`, which parses back to the same double).
 */
export function scoredRange(
  context: LocalScriptContext,
  key: string,
  descending: boolean,
  start: number,
  stop: number,
): string[] {
  const set = sortedSetAt(context, key)
  if (set === undefined) return []
  const last = Math.min(stop, set.size - 1)
  if (start > last) return []
  const rows = descending
    ? set.range(set.size - 1 - last, set.size - 1 - start).reverse()
    : set.range(start, last)
  const reply: string[] = []
  for (const [member, score] of rows) reply.push(member, String(score))
  return reply
}

/** `HGET key field`. */
export function hashField(context: LocalScriptContext, key: string, field: string): string | undefined {
  return context.get<Map<string, string>>(key)?.get(field)
}

/** `HSET key field value`. */
export function setHashField(context: LocalScriptContext, key: string, field: string, value: string): void {
  let hash = context.get<Map<string, string>>(key)
  if (hash === undefined) {
    hash = new Map()
    context.set(key, hash)
  }
  hash.set(field, value)
}

/** `HDEL key field`. */
export function deleteHashField(context: LocalScriptContext, key: string, field: string): void {
  const hash = context.get<Map<string, string>>(key)
  if (hash === undefined || !hash.delete(field)) return
  if (hash.size === 0) context.delete(key)
}

/** `INCR key`. */
export function increment(context: LocalScriptContext, key: string): number {
  const counter = context.get<Counter>(key)
  if (counter === undefined) {
    context.set(key, { value: 1 } satisfies Counter)
    return 1
  }
  return ++counter.value
}

/** `PEXPIREAT key at`: a time at or before now deletes the key. */
export function expireAt(context: LocalScriptContext, key: string, at: number): void {
  context.pexpire(key, at - context.now())
}
