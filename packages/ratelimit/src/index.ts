export { fixedWindow } from './algorithms/fixed-window.js'
export { type GcraOptions, gcra, MIN_GCRA_EMISSION_INTERVAL } from './algorithms/gcra.js'
export { MAX_SLIDING_LOG_TOKENS, slidingLog } from './algorithms/sliding-log.js'
export {
  DEFAULT_SLIDING_WINDOW_PRECISION,
  type SlidingWindowOptions,
  slidingWindow,
} from './algorithms/sliding-window.js'
export { tokenBucket } from './algorithms/token-bucket.js'
export {
  checkRateLimit,
  createRateLimitCheck,
  DEFAULT_CHECK_PREFIX,
  MAX_CHECK_POLICIES,
  type RateLimitCheck,
  type RateLimitCheckOptions,
} from './check-rate-limit.js'
export { DEFAULT_EPHEMERAL_CACHE_ENTRIES, type EphemeralCacheOptions } from './ephemeral-cache.js'
export { RateLimitError, type RateLimitErrorCode, rateLimitErrors } from './errors.js'
export { type RateLimitHeadersOptions, rateLimitHeaders } from './headers.js'
export type { IdentifierList } from './identifier-list.js'
export { DEFAULT_PREFIX } from './keys.js'
export type { Limiter, LimiterAlgorithm, LimiterOptions } from './limiter.js'
export { createRateLimit, type RateLimit } from './ratelimit.js'
export {
  type BlockUntilReadyOptions,
  DEFAULT_FAIL_MODE,
  DEFAULT_TIMEOUT,
  type FailMode,
  type LimitOptions,
  type RateLimitOptions,
  type RefundOptions,
  type StoreFailure,
} from './ratelimit-options.js'
export type { LimitResult, RateLimitReason, RateLimitResponse, RateLimitState } from './response.js'
export { type BlockReply, blockScript } from './scripts/block-script.js'
export { type LimitMode, type LimitReply, type LimitReplyItem, limitScript } from './scripts/limit-script.js'
export { resetScript } from './scripts/reset-script.js'
export { MAX_IDENTIFIER_LENGTH } from './validation.js'
