import { Redis as UpstashRedis } from '@upstash/redis'
import { describe, expect, test } from 'vitest'
import { startUpstashRestServer } from '../src/index.js'
import { useRestFixture } from './redis-fixture.js'

const fixture = useRestFixture()

describe('authentication', () => {
  test('a wrong token is rejected with 401 and Upstash error JSON', async () => {
    const wrong = new UpstashRedis({
      url: fixture.server.url,
      token: 'not-the-token',
      enableTelemetry: false,
    })
    await expect(wrong.get(`${fixture.prefix()}k`)).rejects.toThrow(/^Unauthorized/)
    const response = await fetch(fixture.server.url, { method: 'POST', body: '["PING"]' })
    expect(response.status).toBe(401)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual({ error: 'Unauthorized' })
    expect(body).not.toContain(fixture.server.token)
  })

  test('a bad body is a 400 with an error, not a crash', async () => {
    const response = await fetch(fixture.server.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.server.token}` },
      body: '{not json',
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(/^ERR/)
    expect(await fixture.upstash.ping()).toBe('PONG')
  })
})

describe('start-up', () => {
  test('refuses to start when Redis cannot be reached', async () => {
    await expect(startUpstashRestServer({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/ECONNREFUSED/)
  })
})

describe('subscriptions over server-sent events', () => {
  test('subscribe receives published messages', async () => {
    const channel = `${fixture.prefix()}events`
    const subscriber = fixture.upstash.subscribe<{ n: number }>(channel)
    const subscribed = new Promise<number>((resolve) => subscriber.on('subscribe', resolve))
    const received = new Promise<unknown>((resolve) =>
      subscriber.on('message', (event) => resolve(event.message)),
    )
    expect(await subscribed).toBe(1)
    await fixture.upstash.publish(channel, { n: 42 })
    expect(await received).toEqual({ n: 42 })
    await subscriber.unsubscribe()
  })

  test('psubscribe receives messages with their channel', async () => {
    const prefix = fixture.prefix()
    const subscriber = fixture.upstash.psubscribe(`${prefix}*`)
    const subscribed = new Promise<number>((resolve) => subscriber.on('psubscribe', resolve))
    const received = new Promise<{ channel: string; message: unknown }>((resolve) =>
      subscriber.on('pmessage', (event) => resolve(event)),
    )
    await subscribed
    // The client JSON-parses pattern messages (and reports an error event when that fails).
    await fixture.direct.publish(`${prefix}room`, JSON.stringify(['hello']))
    expect(await received).toMatchObject({ channel: `${prefix}room`, message: ['hello'] })
    await subscriber.unsubscribe()
  })
})
