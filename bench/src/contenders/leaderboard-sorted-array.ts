/**
 * The simplest in-process leaderboard a user might write instead of ours: one array kept sorted
 * best-first (higher score, then earlier write), and a `Map` from member to its entry. Ranks are a
 * binary search, O(log n). A score change shifts the entries between the old and the new position
 * by one slot, O(n). The shift is a plain loop: on a million-slot array V8 runs it about 3x faster
 * than two `splice` calls and 25x faster than `copyWithin` (measured on this machine).
 */
interface SortedEntry {
  readonly member: string
  score: number
  /** Write order: among equal scores, the earlier write ranks first. */
  sequence: number
}

export class SortedArrayBoard {
  private readonly entries: SortedEntry[] = []
  private readonly byMember = new Map<string, SortedEntry>()
  private sequence = 0

  get size(): number {
    return this.entries.length
  }

  /** Loads members that are not on the board yet in one go: push, then one sort. */
  bulkLoad(members: readonly string[], scores: readonly number[]): void {
    members.forEach((member, index) => {
      const entry = { member, score: scores[index]!, sequence: ++this.sequence }
      this.entries.push(entry)
      this.byMember.set(member, entry)
    })
    this.entries.sort((left, right) => (before(left, right) ? -1 : 1))
  }

  /** Sets a member's score (replace) and returns its 1-based rank after the change. */
  submit(member: string, score: number): number {
    const existing = this.byMember.get(member)
    if (existing === undefined) {
      const entry = { member, score, sequence: ++this.sequence }
      const position = this.insertionPoint(entry)
      this.entries.splice(position, 0, entry)
      this.byMember.set(member, entry)
      return position + 1
    }
    const from = this.positionOf(existing)
    if (existing.score === score) return from + 1
    existing.score = score
    existing.sequence = ++this.sequence
    // Where it belongs with the other entries in place, then shift the ones in between by one slot.
    const entries = this.entries
    let to: number
    if (from > 0 && before(existing, entries[from - 1]!)) {
      to = this.insertionPoint(existing, 0, from)
      for (let index = from; index > to; index--) entries[index] = entries[index - 1]!
    } else {
      to = this.insertionPoint(existing, from + 1, entries.length) - 1
      for (let index = from; index < to; index++) entries[index] = entries[index + 1]!
    }
    entries[to] = existing
    return to + 1
  }

  rank(member: string): number | undefined {
    const entry = this.byMember.get(member)
    return entry === undefined ? undefined : this.positionOf(entry) + 1
  }

  /** The first position whose entry ranks after `entry`, searched in `[low, high)`. */
  private insertionPoint(entry: SortedEntry, low = 0, high = this.entries.length): number {
    while (low < high) {
      const middle = (low + high) >>> 1
      if (before(this.entries[middle]!, entry)) low = middle + 1
      else high = middle
    }
    return low
  }

  private positionOf(entry: SortedEntry): number {
    const position = this.insertionPoint(entry)
    if (this.entries[position] !== entry) throw new Error('sorted array out of order')
    return position
  }
}

function before(left: SortedEntry, right: SortedEntry): boolean {
  return left.score > right.score || (left.score === right.score && left.sequence < right.sequence)
}
