import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, test } from 'vitest'
import { pingRedis, startRedisServer } from '../src/index.js'

describe('startRedisServer', () => {
  const originalPath = process.env.PATH

  afterEach(() => {
    process.env.PATH = originalPath
  })

  test('starts a server that answers, and stop() kills it and removes its directory', async () => {
    const server = await startRedisServer()
    const redis = new Redis(server.url, { lazyConnect: true })
    await redis.connect()
    expect(await redis.ping()).toBe('PONG')
    expect(await redis.config('GET', 'save')).toEqual(['save', ''])
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'no'])
    await redis.quit()
    await server.stop()
    await server.stop()
    expect(await pingRedis(server, 500)).toBe(false)
    expect(existsSync(server.dir)).toBe(false)
  })

  test('two servers started together get different ports', async () => {
    const servers = await Promise.all([startRedisServer(), startRedisServer()])
    expect(servers[0]!.port).not.toBe(servers[1]!.port)
    await Promise.all(servers.map((server) => server.stop()))
  })

  test('without redis-server on PATH the error is one line saying how to get it', async () => {
    process.env.PATH = '/nonexistent'
    const error = await startRedisServer().catch((caught: Error) => caught)
    expect(error).toBeInstanceOf(Error)
    const { message } = error as Error
    expect(message).not.toContain('\n')
    expect(message).toContain('apt-get install redis-server')
    expect(message).toContain('REDIS_URL')
  })

  test('the server and its directory go with the process that started it, even on SIGKILL', async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx')
    const script = fileURLToPath(new URL('./fixtures/start-server-then-wait.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', tsx, script], { stdio: ['ignore', 'pipe', 'inherit'] })
    const { port, dir } = await new Promise<{ port: number; dir: string }>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())))
      child.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)))
    })
    expect(await pingRedis({ host: '127.0.0.1', port })).toBe(true)
    child.kill('SIGKILL')
    // A generous deadline, and pings given time to answer: a live server must not pass for a dead
    // one on a busy machine (a dead one refuses at once).
    const deadline = Date.now() + 30_000
    while (
      (existsSync(dir) || (await pingRedis({ host: '127.0.0.1', port }, 2_000))) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await pingRedis({ host: '127.0.0.1', port }, 2_000)).toBe(false)
    expect(existsSync(dir)).toBe(false)
  })
})
