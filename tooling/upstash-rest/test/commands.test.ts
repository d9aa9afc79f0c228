import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { useRestFixture } from './redis-fixture.js'

const fixture = useRestFixture()

describe('single commands through @upstash/redis', () => {
  test('set and get round-trip strings, objects and missing keys', async () => {
    const key = fixture.prefix()
    expect(await fixture.upstash.set(`${key}text`, 'hello')).toBe('OK')
    expect(await fixture.upstash.get(`${key}text`)).toBe('hello')
    await fixture.upstash.set(`${key}object`, { a: 1, b: ['x'] })
    expect(await fixture.upstash.get(`${key}object`)).toEqual({ a: 1, b: ['x'] })
    expect(await fixture.upstash.get(`${key}missing`)).toBeNull()
    // The value really is in Redis, not only in the REST layer.
    expect(await fixture.direct.get(`${key}text`)).toBe('hello')
  })

  test('mget returns values and nulls in order', async () => {
    const key = fixture.prefix()
    await fixture.direct.mset(`${key}a`, 'one', `${key}c`, 'three')
    expect(await fixture.upstash.mget(`${key}a`, `${key}b`, `${key}c`)).toEqual(['one', null, 'three'])
  })

  test('zadd and zrange with options', async () => {
    const key = `${fixture.prefix()}z`
    expect(await fixture.upstash.zadd(key, { score: 1, member: 'a' }, { score: 2, member: 'b' })).toBe(2)
    expect(
      await fixture.upstash.zadd(key, { nx: true }, { score: 9, member: 'a' }, { score: 3, member: 'c' }),
    ).toBe(1)
    expect(await fixture.upstash.zadd(key, { xx: true, ch: true }, { score: 5, member: 'b' })).toBe(1)
    expect(await fixture.upstash.zrange(key, 0, -1)).toEqual(['a', 'c', 'b'])
    expect(await fixture.upstash.zrange(key, 0, -1, { withScores: true })).toEqual(['a', 1, 'c', 3, 'b', 5])
    expect(await fixture.upstash.zrange(key, 2, 5, { byScore: true })).toEqual(['c', 'b'])
    expect(
      await fixture.upstash.zrange(key, '+inf', '-inf', { byScore: true, rev: true, offset: 0, count: 2 }),
    ).toEqual(['b', 'c'])
    expect(await fixture.upstash.zscore(key, 'b')).toBe(5)
  })

  test('replies have RESP2 shapes, as Upstash sends them: flat score lists, scores and hashes as strings', async () => {
    const key = fixture.prefix()
    await fixture.direct.zadd(`${key}z`, 1.5, 'a')
    await fixture.direct.hset(`${key}h`, 'field', 'value')
    const raw = async (command: (string | number)[]) => {
      const response = await fetch(fixture.server.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.server.token}` },
        body: JSON.stringify(command),
      })
      return ((await response.json()) as { result: unknown }).result
    }
    expect(await raw(['ZRANGE', `${key}z`, 0, -1, 'WITHSCORES'])).toEqual(['a', '1.5'])
    expect(await raw(['ZSCORE', `${key}z`, 'a'])).toBe('1.5')
    expect(await raw(['HGETALL', `${key}h`])).toEqual(['field', 'value'])
  })

  test('integers, arrays and errors map like Upstash', async () => {
    const key = fixture.prefix()
    expect(await fixture.upstash.incr(`${key}n`)).toBe(1)
    expect(await fixture.upstash.rpush(`${key}list`, 'x', 'y')).toBe(2)
    expect(await fixture.upstash.lrange(`${key}list`, 0, -1)).toEqual(['x', 'y'])
    // @upstash/redis auto-pipelines and prefixes the server's `{ error }` with "Command failed: ".
    await expect(fixture.upstash.incr(`${key}list`)).rejects.toThrow(/WRONGTYPE Operation against a key/)
  })

  test('base64 responses keep unicode and control characters intact', async () => {
    const key = fixture.prefix()
    const tricky = 'héllo wörld 🌍 日本語 \u0000\u0001\u007f "quoted" \\ OK'
    await fixture.upstash.set(`${key}s`, tricky)
    expect(await fixture.upstash.get(`${key}s`)).toBe(tricky)
    expect(await fixture.direct.getBuffer(`${key}s`)).toEqual(Buffer.from(tricky))
    // A stored "OK" nested in an array must be encoded too, or the client would mangle it.
    await fixture.direct.rpush(`${key}l`, 'OK', 'PONG', '')
    expect(await fixture.upstash.lrange(`${key}l`, 0, -1)).toEqual(['OK', 'PONG', ''])
  })

  test('eval, evalsha and script load pass through', async () => {
    const key = `${fixture.prefix()}counter`
    const script = "return {redis.call('INCRBY', KEYS[1], ARGV[1]), ARGV[2], {1, 'nested'}}"
    expect(await fixture.upstash.eval(script, [key], ['5', 'tag'])).toEqual([5, 'tag', [1, 'nested']])
    const sha = await fixture.upstash.scriptLoad(script)
    expect(sha).toBe(createHash('sha1').update(script).digest('hex'))
    expect(await fixture.upstash.evalsha(sha, [key], ['2', 'again'])).toEqual([7, 'again', [1, 'nested']])
    expect(await fixture.upstash.scriptExists(sha)).toEqual([1])
  })

  test('evalsha of an unknown script is an error starting with NOSCRIPT', async () => {
    const unknown = createHash('sha1').update(`never loaded ${fixture.prefix()}`).digest('hex')
    await expect(fixture.upstash.evalsha(unknown, [], [])).rejects.toThrow(/NOSCRIPT No matching script/)
    const response = await post(['EVALSHA', unknown, '0'])
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(/^NOSCRIPT/)
    const pipelined = await post([['EVALSHA', unknown, '0']], 'pipeline')
    expect(((await pipelined.json()) as { error: string }[])[0]?.error).toMatch(/^NOSCRIPT/)
  })

  test("a script's evalsha-then-eval fallback works", async () => {
    const key = `${fixture.prefix()}script`
    const script = fixture.upstash.createScript<number>(
      `return redis.call('INCRBY', KEYS[1], ARGV[1]) -- ${fixture.prefix()}`,
    )
    expect(await script.exec([key], ['3'])).toBe(3)
    expect(await script.exec([key], ['4'])).toBe(7)
  })

  test('blocking commands run on their own connection and do not stall others', async () => {
    const key = `${fixture.prefix()}queue`
    const waiting = fixture.upstash.exec<[string, string]>(['BLPOP', key, '5'])
    expect(await fixture.upstash.ping()).toBe('PONG')
    await fixture.upstash.rpush(key, 'job')
    expect(await waiting).toEqual([key, 'job'])
  })

  test('connection-state commands are refused', async () => {
    await expect(fixture.upstash.exec(['SELECT', '1'])).rejects.toThrow(/not supported/)
  })
})

function post(command: unknown, path = '', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fixture.server.url}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fixture.server.token}`, ...headers },
    body: JSON.stringify(command),
  })
}
