export type {
  AroundOptions,
  LeaderboardEntry,
  LeaderboardPage,
  PeriodInfo,
  SubmitItem,
  SubmitOptions,
  SubmitResult,
} from './entry.js'
export { LeaderboardError, type LeaderboardErrorCode, leaderboardErrors } from './errors.js'
export { type BoardKeys, boardKeys } from './keys.js'
export { createLeaderboard, type Leaderboard } from './leaderboard.js'
export {
  DEFAULT_AROUND_DISTANCE,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TOP_COUNT,
  LeaderboardView,
} from './leaderboard-view.js'
export {
  DEFAULT_KEEP,
  DEFAULT_MAX_MEMBER_LENGTH,
  DEFAULT_MAX_METADATA_LENGTH,
  DEFAULT_ORDER,
  DEFAULT_PREFIX,
  DEFAULT_RANK_MODE,
  DEFAULT_TIE_BREAK,
  DEFAULT_TIME_ZONE,
  DEFAULT_UPDATE,
  DEFAULT_WEEK_START,
  type IntervalPeriod,
  type LeaderboardOptions,
  type LeaderboardOrder,
  type LeaderboardPeriod,
  MAX_KEEP,
  MAX_NAME_LENGTH,
  MIN_INTERVAL,
  type RankMode,
  type TieBreak,
  type UpdateMode,
  type Weekday,
} from './options.js'
