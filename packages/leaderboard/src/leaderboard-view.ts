import type { BoardOperations, BoardTarget } from './board-operations.js'
import type { AroundOptions, EntryField, LeaderboardEntry, LeaderboardPage, ReadOptions } from './entry.js'
import { DEFAULT_AROUND_DISTANCE, DEFAULT_PAGE_SIZE, DEFAULT_TOP_COUNT } from './options.js'
import { assertWholeNumber, entryFields } from './validation.js'

/**
 * The read side of a board: a whole {@link Leaderboard}, or one period of it from `board.at(date)`.
 * Every method is one atomic script call (one round trip). `top`, `page` and `around` return member,
 * score and rank, plus the details asked for in `with` (metadata, reachedAt), in the same call;
 * `entry` and `entries` return every detail.
 */
export class LeaderboardView<TMetadata = unknown> {
  /** @internal Use `createLeaderboard(options)` or `board.at(date)`. */
  constructor(
    protected readonly operations: BoardOperations<TMetadata>,
    protected readonly target: () => BoardTarget,
  ) {}

  /**
   * The best `count` entries, best first: member, score and rank, and the details asked for in
   * `with`. Without details, on a board with ordinal ranks, this is a single `ZRANGE` on Redis.
   *
   * @example
   * ```ts
   * const top = await board.top(10) // [{ member, score, rank }]
   * for (const { rank, member, score, metadata } of await board.top(10, { with: ['metadata'] }))
   *   console.log(rank, metadata?.name ?? member, score)
   * ```
   */
  async top<TFields extends EntryField = never>(
    count: number = DEFAULT_TOP_COUNT,
    options: ReadOptions<TFields> = {},
  ): Promise<LeaderboardEntry<TMetadata, TFields>[]> {
    assertWholeNumber(count, 'count')
    const fields = entryFields(options.with)
    if (count === 0) return []
    return (await this.operations.range<TFields>(this.target(), 0, count - 1, fields, false)).entries
  }

  /**
   * Page `pageNumber` (1-based) of `pageSize` entries, with the board size for pagination, and the
   * details asked for in `with`.
   *
   * @example
   * ```ts
   * const { entries, pageCount } = await board.page(3, 25, { with: ['metadata'] }) // ranks 51..75
   * ```
   */
  async page<TFields extends EntryField = never>(
    pageNumber: number,
    pageSize: number = DEFAULT_PAGE_SIZE,
    options: ReadOptions<TFields> = {},
  ): Promise<LeaderboardPage<TMetadata, TFields>> {
    assertWholeNumber(pageNumber, 'pageNumber', 1)
    assertWholeNumber(pageSize, 'pageSize', 1)
    const fields = entryFields(options.with)
    const start = (pageNumber - 1) * pageSize
    assertWholeNumber(start + pageSize, 'pageNumber × pageSize')
    const { total, entries } = await this.operations.range<TFields>(
      this.target(),
      start,
      start + pageSize - 1,
      fields,
      true,
    )
    return { entries, pageNumber, pageSize, total, pageCount: Math.ceil(total / pageSize) }
  }

  /**
   * The member and up to `distance` neighbours on each side, best first, with the details asked for
   * in `with`; empty when the member is not on the board.
   *
   * @example
   * ```ts
   * const window = await board.around(userId, 5, { fillBorders: true, with: ['metadata'] })
   * ```
   */
  async around<TFields extends EntryField = never>(
    member: string,
    distance: number = DEFAULT_AROUND_DISTANCE,
    options: AroundOptions<TFields> = {},
  ): Promise<LeaderboardEntry<TMetadata, TFields>[]> {
    assertWholeNumber(distance, 'distance')
    const fields = entryFields(options.with)
    const fill = options.fillBorders ?? false
    return this.operations.around<TFields>(this.target(), member, distance, fill, fields)
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
