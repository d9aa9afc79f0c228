import { describe, expect, test } from 'vitest'
import { useRestFixture } from './redis-fixture.js'

const fixture = useRestFixture()

describe('pipelines and transactions through @upstash/redis', () => {
  test('a pipeline returns one result per command, errors included', async () => {
    const key = fixture.prefix()
    const pipeline = fixture.upstash.pipeline()
    pipeline.set(`${key}a`, 'x').incr(`${key}n`).incr(`${key}a`).get(`${key}a`)
    const results = await pipeline.exec({ keepErrors: true })
    expect(results.map((entry) => entry.result)).toEqual(['OK', 1, undefined, 'x'])
    expect(results[2]?.error).toMatch(/^ERR value is not an integer/)
    await expect(fixture.upstash.pipeline().incr(`${key}a`).exec()).rejects.toThrow(
      /Command 1 \[ incr \] failed/,
    )
  })

  test('multi-exec runs atomically and reports per-command errors', async () => {
    const key = fixture.prefix()
    const results = await fixture.upstash.multi().incr(`${key}n`).incr(`${key}n`).get(`${key}n`).exec()
    expect(results).toEqual([1, 2, 2])
    await fixture.direct.set(`${key}s`, 'text')
    const mixed = await fixture.upstash.multi().incr(`${key}s`).set(`${key}t`, 'v').exec({ keepErrors: true })
    expect(mixed[0]?.error).toMatch(/^ERR value is not an integer/)
    expect(mixed[1]?.result).toBe('OK')
  })

  test('a transaction Redis discards fails as a whole with 400', async () => {
    const key = fixture.prefix()
    const response = await post(
      [
        ['SET', `${key}a`, 'v'],
        ['SET', `${key}b`],
      ],
      'multi-exec',
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(/^EXECABORT/)
    expect(await fixture.direct.exists(`${key}a`)).toBe(0)
  })

  test('raw responses follow the Upstash shapes, with and without base64', async () => {
    const key = fixture.prefix()
    await fixture.direct.set(`${key}a`, 'ünï')
    const plain = await post(
      [
        ['GET', `${key}a`],
        ['INCR', `${key}a`],
        ['GET', `${key}none`],
      ],
      'pipeline',
    )
    expect(await plain.json()).toEqual([
      { result: 'ünï' },
      { error: 'ERR value is not an integer or out of range' },
      { result: null },
    ])
    const encoded = await post(['MGET', `${key}a`, `${key}none`], '', { 'Upstash-Encoding': 'base64' })
    expect(await encoded.json()).toEqual({ result: [Buffer.from('ünï').toString('base64'), null] })
    const ok = await post(['SET', `${key}b`, 'v'], '', { 'Upstash-Encoding': 'base64' })
    expect(await ok.json()).toEqual({ result: 'OK' })
  })

  test('the path form works: /set/<key>/<value>?EX=100 and GET /get/<key>', async () => {
    const key = `${fixture.prefix()}path/with space`
    const auth = { authorization: `Bearer ${fixture.server.token}` }
    const set = await fetch(`${fixture.server.url}/set/${encodeURIComponent(key)}/v1?EX=100`, {
      headers: auth,
    })
    expect(await set.json()).toEqual({ result: 'OK' })
    expect(await fixture.direct.ttl(key)).toBeGreaterThan(90)
    const get = await fetch(
      `${fixture.server.url}/get/${encodeURIComponent(key)}?_token=${fixture.server.token}`,
    )
    expect(await get.json()).toEqual({ result: 'v1' })
  })
})

function post(body: unknown, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fixture.server.url}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fixture.server.token}`, ...headers },
    body: JSON.stringify(body),
  })
}
