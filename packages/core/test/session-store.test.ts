import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createSessionStore, errors } from '../src/index.js'

describe('sessions', () => {
  it('creates unguessable ids, reads them back, slides their expiry', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'web', clock })
    const sessions = createSessionStore<{ role: string }>({ cache, ttl: '30m', sliding: true })
    const session = await sessions.create('42', { role: 'admin' })
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const ids = new Set(
      await Promise.all(
        Array.from({ length: 200 }, async () => (await sessions.create('42', { role: 'x' })).id),
      ),
    )
    expect(ids.size).toBe(200)
    clock.advance(20 * 60_000)
    expect((await sessions.get(session.id))?.data).toEqual({ role: 'admin' })
    clock.advance(20 * 60_000)
    expect((await sessions.get(session.id))?.userId).toBe('42')
    clock.advance(31 * 60_000)
    expect(await sessions.get(session.id)).toBeUndefined()
  })

  it('without sliding, a session ends at its TTL however often it is used', async () => {
    const clock = createManualClock(0)
    const sessions = createSessionStore({
      cache: createCache({ namespace: 'fixed', clock }),
      ttl: '10m',
      sliding: false,
    })
    const session = await sessions.create('1', {})
    clock.advance(9 * 60_000)
    expect(await sessions.touch(session.id)).toBe(true)
    clock.advance(2 * 60_000)
    expect(await sessions.get(session.id)).toBeUndefined()
  })

  it('destroys one session, or all of a user', async () => {
    const sessions = createSessionStore<number>({ cache: createCache({ namespace: 'destroy' }) })
    const [a, b, c] = await Promise.all([
      sessions.create('u1', 1),
      sessions.create('u1', 2),
      sessions.create('u2', 3),
    ])
    expect(await sessions.destroy(a.id)).toBe(true)
    expect(await sessions.destroy(a.id)).toBe(false)
    await sessions.destroyAllForUser('u1')
    expect(await sessions.get(b.id)).toBeUndefined()
    expect((await sessions.get(c.id))?.data).toBe(3)
    expect(await sessions.update(c.id, 4)).toBe(true)
    expect((await sessions.get(c.id))?.data).toBe(4)
  })

  it('treats anything that is not a session id as no session', async () => {
    const sessions = createSessionStore({ cache: createCache({ namespace: 'garbage' }) })
    for (const id of ['', 'x', '../../etc', `${'a'.repeat(43)}:`, 42 as unknown as string]) {
      expect(await sessions.get(id)).toBeUndefined()
      expect(await sessions.destroy(id)).toBe(false)
    }
    await expect(sessions.create('', {})).rejects.toMatchObject({ code: errors.INVALID_KEY })
  })
})
