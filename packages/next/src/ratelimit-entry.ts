// `@layercache/next/ratelimit`: a subpath, so that `@layercache/ratelimit` stays optional.
export { type ClientIpOptions, clientIp } from './client-ip.js'
export {
  limitRequest,
  type RateLimitDecision,
  type RateLimitRequestOptions,
  type RequestLimiter,
  withRateLimit,
} from './rate-limit.js'
