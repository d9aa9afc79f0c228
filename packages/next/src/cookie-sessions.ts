import {
  type Cache,
  createSessionStore,
  type Duration,
  errors,
  LayercacheError,
  parseDuration,
  type Session,
  type SessionStore,
} from '@layercache/core'
import {
  DEFAULT_SESSION_COOKIE_NAME,
  DEFAULT_SESSION_COOKIE_PATH,
  DEFAULT_SESSION_COOKIE_SAME_SITE,
  DEFAULT_SESSION_COOKIE_SECURE,
} from './constants.js'
import { type CacheSource, helperCache } from './process-cache.js'

/** Attributes of the cookie that carries the session id. */
export interface SessionCookieOptions {
  /** @default 'lc_session' */
  name?: string
  /** @default '/' */
  path?: string
  /** @default not set: the host that set it */
  domain?: string
  /**
   * Sent only over HTTPS (browsers treat `http://localhost` as secure too).
   * @default true
   */
  secure?: boolean
  /** @default 'lax' */
  sameSite?: 'lax' | 'strict' | 'none'
  /**
   * How long the browser keeps the cookie. The session's life is the store's `ttl`, on the server.
   * @default not set: a browser-session cookie, dropped when the browser closes
   */
  maxAge?: Duration
}

/** What {@link createCookieSessions} needs of a cookie jar: `cookies()` from `next/headers` has it. */
export interface SessionCookieJar {
  get(name: string): { value: string } | undefined
  set(name: string, value: string, attributes: Record<string, unknown>): unknown
  delete(name: string): unknown
}

/** Options of {@link createCookieSessions}. */
export interface CookieSessionsOptions {
  /**
   * The cache holding the sessions (shared by every server through its Redis layer).
   * @default the handlers' cache of this process (see `name`)
   */
  cache?: CacheSource
  /**
   * Which handlers' cache to use, or to register `cache` under.
   * @default 'default'
   */
  name?: string
  /**
   * How long a session lives unused (`sliding`) or at all.
   * @default '30m'
   */
  ttl?: Duration
  /**
   * Each read restarts the session's TTL.
   * @default true
   */
  sliding?: boolean
  /**
   * The namespace, under the cache's, that holds the sessions.
   * @default 'sessions'
   */
  namespace?: string
  /**
   * The cookie's name and attributes (it is always `httpOnly`).
   * @default { name: 'lc_session', path: '/', secure: true, sameSite: 'lax' }
   */
  cookie?: SessionCookieOptions
  /**
   * Where cookies are read and written.
   * @default `cookies()` from `next/headers` (server components read; server actions and route handlers write)
   */
  cookies?: () => SessionCookieJar | Promise<SessionCookieJar>
}

/** What {@link CookieSessions.commitSession} stores. */
export interface CommitSessionOptions<T> {
  /** Whose session it is; another user than the current session's starts a new session (new id). */
  userId: string
  data: T
}

/** Sessions kept in the cache, found by an httpOnly cookie holding an unguessable id. */
export interface CookieSessions<T> {
  /** The request's session, or undefined (no cookie, or a session that ended). */
  getSession(): Promise<Session<T> | undefined>
  /**
   * Saves `data` in the request's session of `userId`, or starts one (a new random id, and the cookie
   * set to it; the previous session, if any, ends): call it from a server action or route handler.
   */
  commitSession(options: CommitSessionOptions<T>): Promise<Session<T>>
  /** Ends the request's session on every server and deletes the cookie; true when there was one. */
  destroySession(): Promise<boolean>
}

/**
 * Sessions over Next's cookies, shared by every server that shares the cache: the cookie holds only
 * the session's id (256 random bits; the data stays on the server), `httpOnly`, `secure` and
 * `sameSite: 'lax'` by default.
 *
 * @example
 * ```ts
 * const sessions = createCookieSessions<{ cart: string[] }>({ cache: makeCache, ttl: '1h' })
 * // in a server action:
 * await sessions.commitSession({ userId: user.id, data: { cart: [] } })
 * // in a server component:
 * const session = await sessions.getSession()
 * ```
 */
export function createCookieSessions<T>(options: CookieSessionsOptions = {}): CookieSessions<T> {
  const cookie = resolveCookie(options.cookie)
  const stores = new WeakMap<Cache, SessionStore<T>>()
  const storeOf = async (): Promise<SessionStore<T>> => {
    const cache = await helperCache(options, 'createCookieSessions')
    let store = stores.get(cache)
    if (store === undefined) {
      store = createSessionStore<T>({
        cache,
        ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
        ...(options.sliding === undefined ? {} : { sliding: options.sliding }),
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      })
      stores.set(cache, store)
    }
    return store
  }
  const jar = async (): Promise<SessionCookieJar> => (options.cookies ?? nextCookies)()

  return {
    async getSession() {
      const id = (await jar()).get(cookie.name)?.value
      return id === undefined ? undefined : (await storeOf()).get(id)
    },
    async commitSession({ userId, data }) {
      const cookies = await jar()
      const store = await storeOf()
      const id = cookies.get(cookie.name)?.value
      const current = id === undefined ? undefined : await store.get(id)
      if (current !== undefined && current.userId === userId && (await store.update(current.id, data))) {
        return (await store.get(current.id)) ?? { ...current, data }
      }
      if (current !== undefined) await store.destroy(current.id)
      const session = await store.create(userId, data)
      cookies.set(cookie.name, session.id, cookie.attributes)
      return session
    },
    async destroySession() {
      const cookies = await jar()
      const id = cookies.get(cookie.name)?.value
      if (id === undefined) return false
      cookies.delete(cookie.name)
      return (await storeOf()).destroy(id)
    },
  }
}

/** Applies the cookie's defaults; refuses `sameSite: 'none'` without `secure` (browsers drop it). */
function resolveCookie(options: SessionCookieOptions = {}) {
  const sameSite = options.sameSite ?? DEFAULT_SESSION_COOKIE_SAME_SITE
  const secure = options.secure ?? DEFAULT_SESSION_COOKIE_SECURE
  if (sameSite === 'none' && !secure) {
    throw new LayercacheError(errors.INVALID_OPTION, "cookie.sameSite 'none' needs cookie.secure: true")
  }
  const attributes: Record<string, unknown> = {
    httpOnly: true,
    secure,
    sameSite,
    path: options.path ?? DEFAULT_SESSION_COOKIE_PATH,
  }
  if (options.domain !== undefined) attributes.domain = options.domain
  if (options.maxAge !== undefined)
    attributes.maxAge = Math.ceil(parseDuration(options.maxAge, 'maxAge') / 1000)
  return { name: options.name ?? DEFAULT_SESSION_COOKIE_NAME, attributes }
}

// Loaded on first use, so that importing this package never loads `next/headers`.
async function nextCookies(): Promise<SessionCookieJar> {
  const module = (await import('next/headers.js')) as unknown as Record<string, unknown>
  const cookies = (module.cookies ?? (module.default as Record<string, unknown>).cookies) as () =>
    | SessionCookieJar
    | Promise<SessionCookieJar>
  return cookies()
}
