import { beforeEach, describe, expect, it } from 'vitest'
import { createCookieSessions, type SessionCookieJar } from '../src/index.js'
import { forgetProcessCaches } from '../src/process-cache.js'
import { eventually, memoryCache, redisDeployment } from './support/instances.js'

beforeEach(() => forgetProcessCaches())

/** A browser's cookie jar for one site, as `cookies()` shows it to a request. */
function browserJar() {
  const values = new Map<string, string>()
  const written: { name: string; value: string; attributes: Record<string, unknown> }[] = []
  const jar: SessionCookieJar = {
    get: (name) => (values.has(name) ? { value: values.get(name)! } : undefined),
    set: (name, value, attributes) => {
      values.set(name, value)
      written.push({ name, value, attributes })
    },
    delete: (name) => values.delete(name),
  }
  return { jar, values, written }
}

describe('createCookieSessions', () => {
  it('a session committed on one server is read, updated and destroyed on another (one Redis, one bus)', async () => {
    const deployment = await redisDeployment('next-sessions')
    try {
      const [a, b] = [await deployment.instance(), await deployment.instance()]
      const browser = browserJar()
      const onA = createCookieSessions<{ cart: string[] }>({
        cache: a.cache,
        name: 'a',
        cookies: () => browser.jar,
      })
      const onB = createCookieSessions<{ cart: string[] }>({
        cache: b.cache,
        name: 'b',
        cookies: () => browser.jar,
      })
      expect(await onB.getSession()).toBeUndefined()

      const started = await onA.commitSession({ userId: 'u1', data: { cart: ['apple'] } })
      expect(started.id).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 random bits
      expect(browser.written).toEqual([
        {
          name: 'lc_session',
          value: started.id,
          attributes: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' },
        },
      ])
      expect(await onB.getSession()).toMatchObject({
        id: started.id,
        userId: 'u1',
        data: { cart: ['apple'] },
      })

      // The same user: the data changes, the id (and the cookie) stay.
      await onB.commitSession({ userId: 'u1', data: { cart: ['apple', 'pear'] } })
      expect(browser.written).toHaveLength(1)
      // A's memory copy is dropped by the bus, within milliseconds.
      await eventually(async () =>
        expect((await onA.getSession())?.data).toEqual({ cart: ['apple', 'pear'] }),
      )

      // Another user: a new id, and the old session is gone everywhere.
      const other = await onA.commitSession({ userId: 'u2', data: { cart: [] } })
      expect(other.id).not.toBe(started.id)
      browser.values.set('lc_session', started.id)
      await eventually(async () => expect(await onB.getSession()).toBeUndefined())
      browser.values.set('lc_session', other.id)

      expect(await onB.destroySession()).toBe(true)
      expect(browser.values.has('lc_session')).toBe(false)
      browser.values.set('lc_session', other.id) // a stolen copy of the cookie
      await eventually(async () => expect(await onA.getSession()).toBeUndefined())
    } finally {
      await deployment.close()
    }
  })

  it('ignores a forged or malformed cookie; a session lives for the ttl given', async () => {
    const browser = browserJar()
    const sessions = createCookieSessions<number>({
      cache: memoryCache(),
      cookies: () => browser.jar,
      ttl: 1,
    })
    browser.values.set('lc_session', 'not-a-session')
    expect(await sessions.getSession()).toBeUndefined()
    browser.values.set('lc_session', 'A'.repeat(43))
    expect(await sessions.getSession()).toBeUndefined()
    const session = await sessions.commitSession({ userId: 'u', data: 1 })
    expect(session.expiresAt - session.createdAt).toBe(1000)
    expect((await sessions.getSession())?.data).toBe(1)
  })

  it('takes the cookie attributes it is given, and refuses sameSite none without secure', () => {
    const browser = browserJar()
    const sessions = createCookieSessions<number>({
      cache: memoryCache(),
      cookies: () => browser.jar,
      cookie: { name: 'sid', sameSite: 'strict', domain: 'example.com', maxAge: '1h', path: '/app' },
    })
    return sessions.commitSession({ userId: 'u', data: 1 }).then(() => {
      expect(browser.written[0]).toMatchObject({
        name: 'sid',
        attributes: {
          httpOnly: true,
          secure: true,
          sameSite: 'strict',
          domain: 'example.com',
          maxAge: 3600,
          path: '/app',
        },
      })
      expect(() =>
        createCookieSessions({ cache: memoryCache(), cookie: { sameSite: 'none', secure: false } }),
      ).toThrow(/sameSite 'none' needs cookie.secure/)
    })
  })

  it('without a cache, and none made by a handler, it says so', async () => {
    const sessions = createCookieSessions({ name: 'nobody', cookies: () => browserJar().jar })
    await expect(sessions.commitSession({ userId: 'u', data: 1 })).rejects.toThrow(/no cache named 'nobody'/)
  })
})
