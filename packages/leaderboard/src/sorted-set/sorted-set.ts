import { ChunkedList, DEFAULT_CHUNK_LOAD } from './chunked-list.js'

/** A member and its score, as `ZRANGE ... WITHSCORES` gives them. */
export type ScoredMember = readonly [member: string, score: number]

/**
 * A Redis sorted set in process: a member → score index plus a {@link ChunkedList}, so adds, removes,
 * ranks and range starts cost O(log n) and replies match Redis (`ZADD`, `ZREM`, `ZSCORE`, `ZRANK`,
 * `ZRANGE`, `ZCOUNT`, `ZCARD`). Positions are 0-based, ascending.
 */
export class SortedSet {
  private readonly scores = new Map<string, number>()
  private readonly list: ChunkedList

  /** `chunkLoad`: elements per chunk of the ordered list (tests make it small to force splits). */
  constructor(chunkLoad = DEFAULT_CHUNK_LOAD) {
    this.list = new ChunkedList(chunkLoad)
  }

  get size(): number {
    return this.scores.size
  }

  /** Adds `member` or moves it to `score` (`ZADD`). */
  add(member: string, score: number): void {
    const previous = this.scores.get(member)
    if (previous === score) return
    if (previous !== undefined) this.list.remove(previous, member)
    this.list.insert(score, member)
    this.scores.set(member, score)
  }

  /** Removes `member`; false when absent (`ZREM`). */
  remove(member: string): boolean {
    const score = this.scores.get(member)
    if (score === undefined) return false
    this.list.remove(score, member)
    this.scores.delete(member)
    return true
  }

  /** The score of `member`, or undefined (`ZSCORE`). */
  score(member: string): number | undefined {
    return this.scores.get(member)
  }

  /** 0-based ascending position of `member`, or undefined (`ZRANK`). */
  position(member: string): number | undefined {
    const score = this.scores.get(member)
    return score === undefined ? undefined : this.list.positionOf(score, member)
  }

  /** Elements at positions `start..stop` inclusive, ascending, clamped to the set (`ZRANGE start stop`). */
  range(start: number, stop: number): ScoredMember[] {
    return this.list.slice(Math.max(start, 0), stop)
  }

  /** How many members have a score below `score`, or at most `score` when `inclusive` (`ZCOUNT`). */
  countBelow(score: number, inclusive: boolean): number {
    return this.list.countBelow(score, inclusive)
  }

  /** How many members have a score above `score`, or at least `score` when `inclusive` (`ZCOUNT`). */
  countAbove(score: number, inclusive: boolean): number {
    return this.size - this.list.countBelow(score, !inclusive)
  }
}
