import { compareMembers } from './compare-members.js'

const MAX_LEVEL = 32
const LEVEL_PROBABILITY = 0.25

/** One element of a {@link SkipList}. */
export interface SkipListNode {
  readonly score: number
  readonly member: string
  /** The next node on each level this node takes part in. */
  readonly next: (SkipListNode | undefined)[]
  /** How many elements `next[level]` skips over (distance in positions). */
  readonly span: number[]
}

function createNode(level: number, score: number, member: string): SkipListNode {
  return { score, member, next: new Array(level).fill(undefined), span: new Array(level).fill(0) }
}

function precedes(node: SkipListNode, score: number, member: string): boolean {
  return node.score < score || (node.score === score && compareMembers(node.member, member) < 0)
}

function isElement(node: SkipListNode, score: number, member: string): boolean {
  return node.score === score && node.member === member
}

function randomLevel(): number {
  let level = 1
  while (level < MAX_LEVEL && Math.random() < LEVEL_PROBABILITY) level++
  return level
}

/**
 * A skip list with spans (as Redis keeps its sorted sets): elements ordered by score, then by member
 * in UTF-8 byte order; insert, remove, rank and "element at position" in O(log n). It does not know
 * which members it holds; {@link SortedSet} keeps that index. Positions are 0-based, ascending.
 */
export class SkipList {
  private readonly head = createNode(MAX_LEVEL, Number.NEGATIVE_INFINITY, '')
  private level = 1
  private length = 0
  // Scratch space reused by every insert and remove (calls are synchronous, never interleaved).
  private readonly update = new Array<SkipListNode>(MAX_LEVEL).fill(this.head)
  private readonly passed = new Array<number>(MAX_LEVEL).fill(0)

  get size(): number {
    return this.length
  }

  /** Inserts an element that is not in the list yet. */
  insert(score: number, member: string): void {
    const { update, passed } = this
    let node = this.head
    for (let level = this.level - 1; level >= 0; level--) {
      passed[level] = level === this.level - 1 ? 0 : passed[level + 1]!
      let next = node.next[level]
      while (next !== undefined && precedes(next, score, member)) {
        passed[level]! += node.span[level]!
        node = next
        next = node.next[level]
      }
      update[level] = node
    }
    const nodeLevel = randomLevel()
    if (nodeLevel > this.level) {
      for (let level = this.level; level < nodeLevel; level++) {
        passed[level] = 0
        update[level] = this.head
        this.head.span[level] = this.length
      }
      this.level = nodeLevel
    }
    const inserted = createNode(nodeLevel, score, member)
    for (let level = 0; level < nodeLevel; level++) {
      const before = update[level]!
      inserted.next[level] = before.next[level]
      before.next[level] = inserted
      inserted.span[level] = before.span[level]! - (passed[0]! - passed[level]!)
      before.span[level] = passed[0]! - passed[level]! + 1
    }
    for (let level = nodeLevel; level < this.level; level++) update[level]!.span[level]!++
    this.length++
  }

  /** Removes the element; false when it is not in the list. */
  remove(score: number, member: string): boolean {
    const { update } = this
    let node = this.head
    for (let level = this.level - 1; level >= 0; level--) {
      let next = node.next[level]
      while (next !== undefined && precedes(next, score, member)) {
        node = next
        next = node.next[level]
      }
      update[level] = node
    }
    const found = node.next[0]
    if (found === undefined || found.score !== score || found.member !== member) return false
    for (let level = 0; level < this.level; level++) {
      const before = update[level]!
      if (before.next[level] === found) {
        before.span[level]! += found.span[level]! - 1
        before.next[level] = found.next[level]
      } else {
        before.span[level]!--
      }
    }
    while (this.level > 1 && this.head.next[this.level - 1] === undefined) this.level--
    this.length--
    return true
  }

  /** 0-based position of the element, or -1 when it is not in the list. */
  positionOf(score: number, member: string): number {
    let node = this.head
    let passed = 0
    for (let level = this.level - 1; level >= 0; level--) {
      let next = node.next[level]
      while (next !== undefined && (precedes(next, score, member) || isElement(next, score, member))) {
        passed += node.span[level]!
        node = next
        next = node.next[level]
      }
      if (node !== this.head && isElement(node, score, member)) return passed - 1
    }
    return -1
  }

  /** The element at a 0-based position, or undefined past the end. */
  at(position: number): SkipListNode | undefined {
    if (position < 0 || position >= this.length) return undefined
    const wanted = position + 1
    let node = this.head
    let passed = 0
    for (let level = this.level - 1; level >= 0; level--) {
      let next = node.next[level]
      while (next !== undefined && passed + node.span[level]! <= wanted) {
        passed += node.span[level]!
        node = next
        next = node.next[level]
      }
      if (passed === wanted) return node
    }
    return undefined
  }

  /** How many elements have a score below `score` (or equal to it too, when `inclusive`). */
  countBelow(score: number, inclusive: boolean): number {
    let node = this.head
    let passed = 0
    for (let level = this.level - 1; level >= 0; level--) {
      let next = node.next[level]
      while (next !== undefined && (next.score < score || (inclusive && next.score === score))) {
        passed += node.span[level]!
        node = next
        next = node.next[level]
      }
    }
    return passed
  }
}
