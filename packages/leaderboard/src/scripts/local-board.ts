import type { LocalScriptContext, ScriptArgument } from '@layercache/core/store'
import { encodeScore } from '../score-encoding.js'
import type { SortedSet } from '../sorted-set/sorted-set.js'
import {
  addToSortedSet,
  expireAt,
  hashField,
  removeFromSortedSet,
  scoredRange,
  sortedSetAt,
} from './local-commands.js'
import type { RangeReply } from './replies.js'

const TIE_KEY_LENGTH = 16

export interface LocalEntry {
  readonly composite: string
  readonly score: number
  readonly reachedAt: number
}

/** The JavaScript twin of `LUA_LIBRARY`: the same keys, the same steps, the same replies. */
export class LocalBoard {
  readonly scoresKey: string
  readonly entriesKey: string
  readonly metadataKey: string
  readonly sequenceKey: string
  readonly distinctKey: string
  readonly descending: boolean
  readonly rankMode: string
  readonly dense: boolean

  constructor(
    readonly context: LocalScriptContext,
    readonly keys: readonly string[],
    readonly args: readonly ScriptArgument[],
  ) {
    ;[this.scoresKey, this.entriesKey, this.metadataKey, this.sequenceKey, this.distinctKey] = keys as [
      string,
      string,
      string,
      string,
      string,
    ]
    this.descending = args[0] === 'desc'
    this.rankMode = String(args[1])
    this.dense = this.rankMode === 'dense'
  }

  get scores(): SortedSet | undefined {
    return sortedSetAt(this.context, this.scoresKey)
  }

  readEntry(member: string): LocalEntry | undefined {
    const stored = hashField(this.context, this.entriesKey, member)
    if (stored === undefined) return undefined
    const composite = stored.slice(0, TIE_KEY_LENGTH) + member
    const score = this.scores?.score(composite)
    if (score === undefined) return undefined
    return { composite, score, reachedAt: Number(stored.slice(TIE_KEY_LENGTH + 1)) }
  }

  countBetter(key: string, score: number): number {
    const set = sortedSetAt(this.context, key)
    if (set === undefined) return 0
    return this.descending ? set.countAbove(score, false) : set.countBelow(score, false)
  }

  positionOf(composite: string): number {
    const scores = this.scores!
    const position = scores.position(composite)!
    return this.descending ? scores.size - 1 - position : position
  }

  rankOf(composite: string, score: number): number {
    if (this.rankMode === 'competition') return this.countBetter(this.scoresKey, score) + 1
    if (this.dense) return this.countBetter(this.distinctKey, score) + 1
    return this.positionOf(composite) + 1
  }

  ensureDistinct(): void {
    if (sortedSetAt(this.context, this.distinctKey) !== undefined) return
    const scores = this.scores
    if (scores === undefined) return
    for (const [, score] of scores.range(0, scores.size - 1)) this.addDistinct(score)
    const ttl = this.context.pttl(this.scoresKey)
    if (ttl > 0) this.context.pexpire(this.distinctKey, ttl)
  }

  prepareDistinct(): void {
    if (this.dense) this.ensureDistinct()
    else this.context.delete(this.distinctKey)
  }

  addDistinct(score: number): void {
    addToSortedSet(this.context, this.distinctKey, score, encodeScore(score))
  }

  removeDistinctIfUnused(score: number): void {
    const scores = this.scores
    const holders =
      scores === undefined ? 0 : scores.countBelow(score, true) - scores.countBelow(score, false)
    if (holders === 0) removeFromSortedSet(this.context, this.distinctKey, encodeScore(score))
  }

  rangeRows(
    total: number,
    start: number,
    stop: number,
    withReachedAt: boolean,
    withMetadata: boolean,
  ): RangeReply {
    const rows = scoredRange(this.context, this.scoresKey, this.descending, start, stop)
    if (rows.length === 0) return [total, start, 0, rows, [], []]
    const firstRank = this.rankMode === 'ordinal' ? start + 1 : this.rankOf(rows[0]!, Number(rows[1]))
    const reachedAt: number[] = []
    const metadata: (string | null)[] = []
    for (let index = 0; index < rows.length; index += 2) {
      const member = rows[index]!.slice(TIE_KEY_LENGTH)
      if (withReachedAt) {
        const stored = hashField(this.context, this.entriesKey, member)
        reachedAt.push(stored === undefined ? 0 : Number(stored.slice(TIE_KEY_LENGTH + 1)))
      }
      if (withMetadata) metadata.push(hashField(this.context, this.metadataKey, member) ?? null)
    }
    return [total, start, firstRank, rows, reachedAt, metadata]
  }

  applyExpiry(): void {
    const [, , kind, milliseconds] = this.args
    if (kind === 'none') return
    for (const key of this.keys) {
      if (kind === 'at') expireAt(this.context, key, Number(milliseconds))
      else this.context.pexpire(key, Number(milliseconds))
    }
  }

  /** Takes a member's current score off the board (ZREM and the distinct-score bookkeeping). */
  dropScore(entry: LocalEntry): void {
    removeFromSortedSet(this.context, this.scoresKey, entry.composite)
    if (this.dense) this.removeDistinctIfUnused(entry.score)
  }
}
