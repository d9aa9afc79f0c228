export type {
  AroundOptions,
  EntryDetails,
  EntryField,
  LeaderboardEntry,
  LeaderboardPage,
  PeriodInfo,
  RankedEntry,
  ReadOptions,
  SubmitItem,
  SubmitOptions,
  SubmitResult,
} from './entry.js'
export { LeaderboardError, type LeaderboardErrorCode, leaderboardErrors } from './errors.js'
export { createLeaderboard, type Leaderboard } from './leaderboard.js'
export type { LeaderboardView } from './leaderboard-view.js'
export type {
  IntervalPeriod,
  LeaderboardOptions,
  LeaderboardOrder,
  LeaderboardPeriod,
  RankMode,
  TieBreak,
  UpdateMode,
  Weekday,
} from './options.js'
