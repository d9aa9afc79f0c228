import { SkipList, type SkipListNode } from './skip-list.js'

/** A member and its score, as `ZRANGE ... WITHSCORES` gives them. */
export type ScoredMember = readonly [member: string, score: number]

/**
 * A Redis sorted set in process: a member → score index plus a {@link SkipList}, so adds, removes,
 * ranks and range starts cost O(log n) and replies match Redis (`ZADD`, `ZREM`, `ZSCORE`, `ZRANK`,
 * `ZRANGE`, `ZCOUNT`, `ZCARD`). Positions are 0-based, ascending.
 */
export class SortedSet {
  private readonly scores = new Map<string, number>()
  private readonly list = new SkipList()

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
    const last = Math.min(stop, this.size - 1)
    const found: ScoredMember[] = []
    let node: SkipListNode | undefined = this.list.at(Math.max(start, 0))
    for (let position = Math.max(start, 0); position <= last && node !== undefined; position++) {
      found.push([node.member, node.score])
      node = node.next[0]
    }
    return found
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
