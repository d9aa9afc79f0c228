import type { Cache } from '../cache/cache.js'
import { assertNamespace } from '../cache/validation.js'
import { type Duration, parseTtl } from '../duration.js'
import { errors, fail } from '../errors.js'

/** Default of {@link SessionStoreOptions.ttl}. */
export const DEFAULT_SESSION_TTL = '30m'
/** Default of {@link SessionStoreOptions.namespace}. */
export const DEFAULT_SESSION_NAMESPACE = 'sessions'

const ID_BYTES = 32
const idPattern = /^[A-Za-z0-9_-]{43}$/

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  /** The cache that holds the sessions (with a Redis layer and a bus, every server shares them). */
  cache: Cache
  /**
   * How long a session lives without being used (with `sliding`) or at all (without).
   * @default '30m'
   */
  ttl?: Duration
  /**
   * Each `get` or `touch` restarts the TTL.
   * @default true
   */
  sliding?: boolean
  /**
   * A sliding session is written again only when at least this much of its TTL has passed, so busy
   * sessions do not cost a write per request.
   * @default one tenth of `ttl`
   */
  touchAfter?: Duration
  /**
   * The namespace, under the cache's, that holds the sessions.
   * @default 'sessions'
   */
  namespace?: string
}

/** A session as stored and returned. */
export interface Session<T> {
  /** 256 random bits, base64url: unguessable, safe in a cookie. */
  readonly id: string
  readonly userId: string
  readonly data: T
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  /** When the session ends unless touched, in milliseconds since the epoch. */
  readonly expiresAt: number
}

/** Sessions kept in a cache, so they are shared by every server that shares the cache's Redis. */
export interface SessionStore<T> {
  /** Starts a session for `userId`. */
  create(userId: string, data: T): Promise<Session<T>>
  /** The session, or undefined when missing, expired, destroyed or when `id` is not a session id. */
  get(id: string): Promise<Session<T> | undefined>
  /** Restarts the TTL of a sliding session; false when it no longer exists. */
  touch(id: string): Promise<boolean>
  /** Replaces the session's data; false when it no longer exists. */
  update(id: string, data: T): Promise<boolean>
  /** Ends one session; true when it existed. */
  destroy(id: string): Promise<boolean>
  /** Ends every session of `userId`, on every server, in one write. */
  destroyAllForUser(userId: string): Promise<void>
}

function newSessionId(): string {
  const bytes = new Uint8Array(ID_BYTES)
  globalThis.crypto.getRandomValues(bytes)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const userTag = (userId: string) => `user:${userId}`

function assertUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) {
    fail(errors.INVALID_KEY, 'a session user id must be a non-empty string of at most 256 characters')
  }
}

/**
 * Session management on a cache: unguessable ids, sliding expiry, and a per-user index (a tag) that
 * ends all of a user's sessions at once. On a cache with a Redis layer and a bus, sessions are
 * shared by every server and a destroyed session is gone everywhere.
 *
 * @example
 * ```ts
 * const sessions = createSessionStore<{ role: string }>({ cache, ttl: '30m', sliding: true })
 * const session = await sessions.create('user:42', { role: 'admin' })
 * response.setHeader('set-cookie', `sid=${session.id}; HttpOnly; Secure; SameSite=Lax`)
 * ```
 */
export function createSessionStore<T>(options: SessionStoreOptions): SessionStore<T> {
  const cache = options?.cache
  if (typeof cache?.namespace !== 'function')
    fail(errors.INVALID_OPTION, 'createSessionStore({ cache }) needs the cache that holds the sessions')
  const ttl = parseTtl(options.ttl ?? DEFAULT_SESSION_TTL)
  const touchAfter = options.touchAfter === undefined ? ttl / 10 : parseTtl(options.touchAfter, 'touchAfter')
  const sliding = options.sliding ?? true
  const namespace = options.namespace ?? DEFAULT_SESSION_NAMESPACE
  assertNamespace(namespace)
  const sessions = cache.namespace(namespace)
  const now = () => cache.internals.clock.now()
  const write = (session: Session<T>) =>
    sessions.set(session.id, session, {
      ttl: `${session.expiresAt - now()}ms`,
      tags: [userTag(session.userId)],
    })

  const read = async (id: string): Promise<Session<T> | undefined> =>
    typeof id === 'string' && idPattern.test(id) ? sessions.get<Session<T>>(id) : undefined

  const extend = async (session: Session<T>): Promise<Session<T>> => {
    const expiresAt = now() + ttl
    if (!sliding || expiresAt - session.expiresAt < touchAfter) return session
    const extended = { ...session, expiresAt }
    await write(extended)
    return extended
  }

  return {
    async create(userId, data) {
      assertUserId(userId)
      const createdAt = now()
      const session: Session<T> = { id: newSessionId(), userId, data, createdAt, expiresAt: createdAt + ttl }
      await write(session)
      return session
    },
    async get(id) {
      const session = await read(id)
      return session === undefined ? undefined : extend(session)
    },
    async touch(id) {
      const session = await read(id)
      if (session === undefined) return false
      await extend(session)
      return true
    },
    async update(id, data) {
      const session = await read(id)
      if (session === undefined) return false
      await write({ ...session, data, expiresAt: sliding ? now() + ttl : session.expiresAt })
      return true
    },
    async destroy(id) {
      return typeof id === 'string' && idPattern.test(id) ? sessions.delete(id) : false
    },
    async destroyAllForUser(userId) {
      assertUserId(userId)
      await sessions.invalidateByTags([userTag(userId)])
    },
  }
}
