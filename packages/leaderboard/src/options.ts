import type { Clock, Duration, ScriptRunner } from '@layercache/core'

/** Which end of the board is the top. */
export type LeaderboardOrder = 'desc' | 'asc'

/**
 * What `submit` does with a member's score:
 * - `best`: keep the better of the current and the submitted score (high-score tables);
 * - `replace`: take the submitted score;
 * - `increment`: add the submitted value to the current score (points, XP).
 */
export type UpdateMode = 'best' | 'replace' | 'increment'

/**
 * How equal scores are ranked:
 * - `ordinal`: 1, 2, 3, 4 — every member has its own rank (ties broken by time, see `tieBreak`);
 * - `competition`: 1, 2, 2, 4 — equal scores share a rank, the next rank skips;
 * - `dense`: 1, 2, 2, 3 — equal scores share a rank, no gaps.
 */
export type RankMode = 'ordinal' | 'competition' | 'dense'

/** Among equal scores, who comes first: the member who reached the score first, or last. */
export type TieBreak = 'earliest' | 'latest'

/** A day of the week. */
export type Weekday = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday'

/** Periods of fixed length, counted from `origin`. */
export interface IntervalPeriod {
  /** Length of a period: seconds, or a string such as `'15m'`, `'1h'`. At least one second. */
  every: Duration
  /**
   * An instant periods are aligned to (`origin + k·every`). `timeZone` does not apply to these
   * periods; set an origin at a local midnight to align them to a zone.
   * @default 0 (the Unix epoch, 1970-01-01T00:00:00Z)
   */
  origin?: Date | number
}

/** A board that starts empty every day, week, month or fixed interval. */
export type LeaderboardPeriod = 'daily' | 'weekly' | 'monthly' | IntervalPeriod

/** Options of {@link Leaderboard}. */
export interface LeaderboardOptions {
  /** Where the board lives: `createMemoryStore()` from `@layercache/core`, or `createRedisStore({ client })` from `@layercache/redis`. */
  store: ScriptRunner
  /**
   * Name of the board: `[A-Za-z0-9_.:-]`, 1 to 200 characters. Boards with the same name, prefix and
   * store share their data, so they must agree on `order`, `rankMode`, `tieBreak` and `period`.
   */
  name: string
  /**
   * `desc`: the highest score ranks first; `asc`: the lowest (race times).
   * @default 'desc'
   */
  order?: LeaderboardOrder
  /**
   * What `submit` does with the score it is given.
   * @default 'best'
   */
  update?: UpdateMode
  /**
   * How equal scores are ranked.
   * @default 'ordinal'
   */
  rankMode?: RankMode
  /**
   * Among equal scores, the member who reached the score first ranks first (`earliest`), or last.
   * @default 'earliest'
   */
  tieBreak?: TieBreak
  /**
   * Start a new board every day, week, month or fixed interval. Past periods stay readable through
   * `at(date)` for `keep` periods, then expire by TTL.
   * @default none (one board forever)
   */
  period?: LeaderboardPeriod
  /**
   * IANA time zone of calendar periods (`'Europe/Paris'`): days start at local midnight, DST included.
   * @default 'UTC'
   */
  timeZone?: string
  /**
   * First day of weekly periods.
   * @default 'monday'
   */
  weekStart?: Weekday
  /**
   * How many past periods stay readable after the current one. Each period's keys expire at the end
   * of the `keep`-th period after it.
   * @default 1
   */
  keep?: number
  /**
   * Time to live of a board without `period`, renewed by every write. Not allowed with `period`.
   * @default none (the board never expires)
   */
  ttl?: Duration
  /**
   * Prefix of every key of the board (before the `{hash tag}`): no `{` or `}`, and valid Unicode.
   * @default 'lb:'
   */
  prefix?: string
  /**
   * Longest member id accepted, in UTF-16 code units.
   * @default 256
   */
  maxMemberLength?: number
  /**
   * Longest metadata accepted, in characters of its JSON.
   * @default 4096
   */
  maxMetadataLength?: number
  /**
   * Decides which period a call reads or writes. Tie-break times come from the store (Redis `TIME`,
   * or the memory store's clock), not from this clock.
   * @default systemClock (`Date.now`)
   */
  clock?: Clock
}

/** Default of {@link LeaderboardOptions.order}. */
export const DEFAULT_ORDER: LeaderboardOrder = 'desc'
/** Default of {@link LeaderboardOptions.update}. */
export const DEFAULT_UPDATE: UpdateMode = 'best'
/** Default of {@link LeaderboardOptions.rankMode}. */
export const DEFAULT_RANK_MODE: RankMode = 'ordinal'
/** Default of {@link LeaderboardOptions.tieBreak}. */
export const DEFAULT_TIE_BREAK: TieBreak = 'earliest'
/** Default of {@link LeaderboardOptions.timeZone}. */
export const DEFAULT_TIME_ZONE = 'UTC'
/** Default of {@link LeaderboardOptions.weekStart}. */
export const DEFAULT_WEEK_START: Weekday = 'monday'
/** Default of {@link LeaderboardOptions.keep}. */
export const DEFAULT_KEEP = 1
/** Default of {@link LeaderboardOptions.prefix}. */
export const DEFAULT_PREFIX = 'lb:'
/** Default of {@link LeaderboardOptions.maxMemberLength}. */
export const DEFAULT_MAX_MEMBER_LENGTH = 256
/** Default of {@link LeaderboardOptions.maxMetadataLength}. */
export const DEFAULT_MAX_METADATA_LENGTH = 4096
/** Longest board name. */
export const MAX_NAME_LENGTH = 200
/** Most past periods a board may keep. */
export const MAX_KEEP = 10_000
/** Shortest `every` of interval periods, in milliseconds. */
export const MIN_INTERVAL = 1000
