import { BoardOperations, type BoardTarget } from './board-operations.js'
import type { PeriodInfo, SubmitItem, SubmitOptions, SubmitResult } from './entry.js'
import { failWith, leaderboardErrors } from './errors.js'
import { boardKeys } from './keys.js'
import { LeaderboardView } from './leaderboard-view.js'
import type { LeaderboardOptions } from './options.js'
import type { Period } from './period/period-schedule.js'
import { type BoardSettings, resolveOptions } from './resolve-options.js'

/**
 * A leaderboard on any layercache store: ranks, neighbours, pages, periodic boards with TTLs, fair
 * ties and member metadata. Each call is one atomic script on the store (Lua on Redis, a chunked
 * sorted list in memory) and answers the same on both.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from '@layercache/core'
 * import { type Leaderboard } from '@layercache/leaderboard'
 *
 * const board = createLeaderboard<{ name: string }>({ store: createMemoryStore(), name: 'arcade', period: 'daily' })
 * await board.submit('user:1', 100, { metadata: { name: 'Ada' } }) // { score: 100, rank: 1, ... }
 * await board.top(10)
 * await board.around('user:1', 5)
 * ```
 */
export class Leaderboard<TMetadata = unknown> extends LeaderboardView<TMetadata> {
  /** The board's name. */
  readonly name: string
  private readonly settings: BoardSettings

  /** @internal Made by {@link createLeaderboard}. */
  constructor(options: LeaderboardOptions) {
    const settings = resolveOptions(options)
    super(new BoardOperations<TMetadata>(settings), () => targetAt(settings, settings.clock.now()))
    this.settings = settings
    this.name = settings.name
  }

  /**
   * Records a score under the board's `update` mode and returns the member's score and rank after it.
   *
   * @example
   * ```ts
   * const { rank, changed } = await board.submit(userId, 100)
   * ```
   */
  async submit(member: string, score: number, options: SubmitOptions<TMetadata> = {}): Promise<SubmitResult> {
    const [result] = await this.submitMany([{ member, score, metadata: options.metadata }])
    return result!
  }

  /**
   * Records several scores in one atomic call, in order (a member may appear more than once). Ranks
   * in the results are read after every item is applied. Input is validated before anything is sent.
   */
  async submitMany(items: readonly SubmitItem<TMetadata>[]): Promise<SubmitResult[]> {
    if (!Array.isArray(items))
      failWith(leaderboardErrors.INVALID_MEMBER, 'submitMany expects an array of items')
    return this.operations.submit(this.target(), items)
  }

  /** Removes a member and its metadata; true when it was on the board. */
  async remove(member: string): Promise<boolean> {
    return (await this.removeMany([member])) === 1
  }

  /** Removes several members in one call; returns how many were on the board. */
  async removeMany(members: readonly string[]): Promise<number> {
    return this.operations.remove(this.target(), members)
  }

  /**
   * Replaces a member's metadata without touching its score; false (and nothing stored) when the
   * member is not on the board.
   */
  async setMetadata(member: string, metadata: TMetadata): Promise<boolean> {
    return this.operations.setMetadata(this.target(), member, metadata)
  }

  /** Deletes the board (the current period of a periodic board): scores, metadata, sequence. */
  async clear(): Promise<void> {
    await this.operations.clear(this.target())
  }

  /**
   * The board as it was during the period that contains `date` (reads only). A board without
   * period has one board for all time, which this returns.
   *
   * @example
   * ```ts
   * const yesterday = await board.at(Date.now() - 86_400_000).top(3)
   * ```
   */
  at(date: Date | number): LeaderboardView<TMetadata> {
    const target = targetAt(this.settings, toInstant(date))
    return new LeaderboardView(this.operations, () => target)
  }

  /**
   * The period before the current one (`at` the instant before the current period started). A board
   * without period returns its one board.
   */
  previous(): LeaderboardView<TMetadata> {
    const now = this.settings.clock.now()
    const current = this.settings.schedule?.periodAt(now)
    return this.at(current === undefined ? now : current.start - 1)
  }

  /** The period that contains `date` (default: now), or undefined for a board without period. */
  period(date: Date | number = this.settings.clock.now()): PeriodInfo | undefined {
    const found = this.settings.schedule?.periodAt(toInstant(date))
    if (found === undefined) return undefined
    return {
      id: found.id,
      start: new Date(found.start),
      end: new Date(found.end),
      expiresAt: new Date(found.expiresAt),
    }
  }
}

function toInstant(date: Date | number): number {
  const instant = date instanceof Date ? date.getTime() : date
  if (typeof instant !== 'number' || !Number.isFinite(instant)) {
    failWith(
      leaderboardErrors.INVALID_RANGE,
      `expected a Date or milliseconds since the epoch, got ${String(date)}`,
    )
  }
  return instant
}

/** The keys of the board (or of the period) live at `instant`, and how writes make them expire. */
function targetAt(settings: BoardSettings, instant: number): BoardTarget {
  const { schedule, prefix, name, ttl } = settings
  if (schedule === undefined) {
    return { keys: boardKeys(prefix, name), expiry: ttl === undefined ? ['none', 0] : ['in', ttl] }
  }
  const period: Period = schedule.periodAt(instant)
  return { keys: boardKeys(prefix, name, period.id), expiry: ['at', period.expiresAt] }
}

/**
 * Makes a {@link Leaderboard} on a store (memory for one process, Redis for a board every server shares).
 *
 * @example
 * ```ts
 * const board = createLeaderboard<{ name: string }>({ store: createMemoryStore(), name: 'arcade', period: 'daily' })
 * ```
 */
export function createLeaderboard<TMetadata = unknown>(options: LeaderboardOptions): Leaderboard<TMetadata> {
  return new Leaderboard<TMetadata>(options)
}
