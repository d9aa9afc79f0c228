/** Keys longer than this are stored as their SHA-256 (Next's keys embed arguments and can be long). */
export const MAX_PLAIN_KEY_LENGTH = 200

/** Key prefix of the incremental cache's entries. */
export const INCREMENTAL_KEY_PREFIX = 'isr:'

/** Key prefix of the `'use cache'` entries. */
export const USE_CACHE_KEY_PREFIX = 'uc:'

/** Lifetime of an incremental entry whose route gave no `expire`. */
export const DEFAULT_FALLBACK_TTL = '30d'

/** The longest lifetime any entry gets (Next's "never" is 2^32 s, longer than Redis takes). */
export const MAX_TTL_SECONDS = 365 * 24 * 60 * 60

/** Next sets `NEXT_PHASE` to this in `next build`. */
export const BUILD_PHASE = 'phase-production-build'

/** The response header Next keeps a page's and a route's tags in (its implicit `_N_T_` tags too). */
export const NEXT_CACHE_TAGS_HEADER = 'x-next-cache-tags'

/** Where the per-process state lives on `globalThis`: one cache per process, however often the
 * handler module is evaluated or the handler class constructed. */
export const PROCESS_STATE = Symbol.for('@layercache/next')

/** The session cookie's name unless configured otherwise. */
export const DEFAULT_SESSION_COOKIE_NAME = 'lc_session'

/** The session cookie's path unless configured otherwise. */
export const DEFAULT_SESSION_COOKIE_PATH = '/'

/** The session cookie's `SameSite` unless configured otherwise: sent on top-level navigations only. */
export const DEFAULT_SESSION_COOKIE_SAME_SITE = 'lax'

/** The session cookie is `Secure` unless configured otherwise. */
export const DEFAULT_SESSION_COOKIE_SECURE = true
