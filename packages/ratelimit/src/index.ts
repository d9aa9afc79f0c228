export { fixedWindow } from './algorithms/fixed-window.js'
export { type GcraOptions, gcra } from './algorithms/gcra.js'
export { slidingLog } from './algorithms/sliding-log.js'
export { type SlidingWindowOptions, slidingWindow } from './algorithms/sliding-window.js'
export { tokenBucket } from './algorithms/token-bucket.js'
export {
  checkRateLimit,
  createRateLimitCheck,
  type RateLimitCheck,
  type RateLimitCheckOptions,
} from './check-rate-limit.js'
export type { EphemeralCacheOptions } from './ephemeral-cache.js'
export { RateLimitError, type RateLimitErrorCode, rateLimitErrors } from './errors.js'
export { type RateLimitHeadersOptions, rateLimitHeaders } from './headers.js'
export type { IdentifierList } from './identifier-list.js'
export type { Limiter, LimiterAlgorithm, LimiterOptions } from './limiter.js'
export { createRateLimit, type RateLimit } from './ratelimit.js'
export type {
  BlockUntilReadyOptions,
  FailMode,
  LimitOptions,
  RateLimitOptions,
  RefundOptions,
  StoreFailure,
} from './ratelimit-options.js'
export type { LimitResult, RateLimitReason, RateLimitResponse, RateLimitState } from './response.js'
