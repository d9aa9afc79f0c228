import type { BoardOperations, BoardTarget } from './board-operations.js'
import type { AroundOptions, LeaderboardEntry, LeaderboardPage } from './entry.js'
import { assertWholeNumber } from './validation.js'

/** Default of `top(count)`. */
export const DEFAULT_TOP_COUNT = 10
/** Default of `page(pageNumber, pageSize)`. */
export const DEFAULT_PAGE_SIZE = 25
/** Default of `around(member, distance)`. */
export const DEFAULT_AROUND_DISTANCE = 5

/**
 * The read side of a board: a whole {@link Leaderboard}, or one period of it from `board.at(date)`.
 * Every method is one atomic script call (one round trip); metadata comes in the same call.
 */
export class LeaderboardView<TMetadata = unknown> {
  /** @internal Use `createLeaderboard(options)` or `board.at(date)`. */
  constructor(
    protected readonly operations: BoardOperations<TMetadata>,
    protected readonly target: () => BoardTarget,
  ) {}

  /**
   * The best `count` entries, best first.
   *
   * @example
   * ```ts
   * for (const { rank, member, score, metadata } of await board.top(10)) console.log(rank, metadata?.name ?? member, score)
   * ```
   */
  async top(count: number = DEFAULT_TOP_COUNT): Promise<LeaderboardEntry<TMetadata>[]> {
    assertWholeNumber(count, 'count')
    if (count === 0) return []
    return (await this.operations.range(this.target(), 0, count - 1)).entries
  }

  /**
   * Page `pageNumber` (1-based) of `pageSize` entries, with the board size for pagination.
   *
   * @example
   * ```ts
   * const { entries, pageCount } = await board.page(3, 25) // ranks 51..75
   * ```
   */
  async page(pageNumber: number, pageSize: number = DEFAULT_PAGE_SIZE): Promise<LeaderboardPage<TMetadata>> {
    assertWholeNumber(pageNumber, 'pageNumber', 1)
    assertWholeNumber(pageSize, 'pageSize', 1)
    const start = (pageNumber - 1) * pageSize
    assertWholeNumber(start + pageSize, 'pageNumber × pageSize')
    const { total, entries } = await this.operations.range(this.target(), start, start + pageSize - 1)
    return { entries, pageNumber, pageSize, total, pageCount: Math.ceil(total / pageSize) }
  }

  /**
   * The member and up to `distance` neighbours on each side, best first; empty when the member is
   * not on the board.
   *
   * @example
   * ```ts
   * const window = await board.around(userId, 5, { fillBorders: true })
   * ```
   */
  async around(
    member: string,
    distance: number = DEFAULT_AROUND_DISTANCE,
    options: AroundOptions = {},
  ): Promise<LeaderboardEntry<TMetadata>[]> {
    assertWholeNumber(distance, 'distance')
    const fill = options.fillBorders ?? false
    return (await this.operations.around(this.target(), member, distance, distance, fill)).entries
  }

  /** The member's 1-based rank, or undefined when it is not on the board. */
  async rank(member: string): Promise<number | undefined> {
    return (await this.entry(member))?.rank
  }

  /** The member's score, or undefined when it is not on the board. */
  async score(member: string): Promise<number | undefined> {
    return (await this.entry(member))?.score
  }

  /** The member's entry (score, rank, reachedAt, metadata), or undefined when it is not on the board. */
  async entry(member: string): Promise<LeaderboardEntry<TMetadata> | undefined> {
    const [found] = await this.operations.entries(this.target(), [member])
    return found
  }

  /**
   * Entries of several members in one call, aligned with `members` (undefined for those absent):
   * a friends' leaderboard.
   */
  async entries(members: readonly string[]): Promise<(LeaderboardEntry<TMetadata> | undefined)[]> {
    return this.operations.entries(this.target(), members)
  }

  /** How many members are on the board. */
  async count(): Promise<number> {
    return this.operations.count(this.target())
  }
}
