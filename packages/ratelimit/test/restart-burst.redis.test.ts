import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRedisStore } from '@layercache/redis'
import { startRedisServer } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createRateLimit, fixedWindow, type StoreFailure, slidingWindow, tokenBucket } from '../src/index.js'

// After a restart the server knows none of our scripts and holds none of our counters: every
// decision in flight gets NOSCRIPT at once. One load is shared by all of them; none may pass its
// timeout and be answered by the local fallback, which would admit beyond the limit.

const LIMIT = 100
const BURST = 1_000

/** Starts `redis-server` again on `port` (persistence off: a restart loses everything). */
async function restartOn(port: number): Promise<{ stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'layercache-ratelimit-restart-'))
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  )
  const stop = () => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  for (let attempt = 0; ; attempt++) {
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await probe.connect()
      await probe.ping()
      break
    } catch (error) {
      if (attempt >= 200) {
        stop()
        throw error
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    } finally {
      probe.disconnect()
    }
  }
  return { stop }
}

describe('a burst of decisions right after a Redis restart', () => {
  it.each([
    ['fixedWindow', fixedWindow(LIMIT, '1h')],
    ['slidingWindow', slidingWindow(LIMIT, '1h')],
    ['tokenBucket', tokenBucket(1, '1h', LIMIT)],
  ] as const)(
    '%s: admits exactly the limit, every decision made by Redis, the script sent once',
    async (_, limiter) => {
      const server = await startRedisServer()
      const client = new Redis(server.url, { retryStrategy: () => 20 })
      // Refused reconnections while the server is down are expected.
      client.on('error', () => {})
      let restarted: { stop(): void } | undefined
      const failures: StoreFailure[] = []
      try {
        // Generous timeouts: on a busy machine a burst of 1,000 can take longer than the default
        // second, and its fallback decisions would measure the machine, not the script reload.
        const ratelimit = createRateLimit({
          store: createRedisStore({ client, prefix: 'restart:', timeout: '30s' }),
          limiter,
          timeout: '30s',
          ephemeralCache: false,
          onStoreFailure: (failure) => failures.push(failure),
        })
        // Warm: the script is cached on the server and the identifier has spent some of its limit.
        for (let index = 0; index < 10; index++)
          expect((await ratelimit.limit('user')).reason).toBe('allowed')
        await server.stop()
        restarted = await restartOn(server.port)
        await new Promise<void>((resolve) => {
          if (client.status === 'ready') resolve()
          else client.once('ready', () => resolve())
        })
        const responses = await Promise.all(Array.from({ length: BURST }, () => ratelimit.limit('user')))
        // No decision was answered by the fallback (the failure, if any, shows what went wrong).
        expect(failures.map((failure) => `${failure.reason}: ${String(failure.error)}`).slice(0, 2)).toEqual(
          [],
        )
        const reasons = new Set(responses.map((response) => response.reason))
        expect([...reasons].sort()).toEqual(['allowed', 'denied'])
        expect(responses.filter((response) => response.success)).toHaveLength(LIMIT)
        const stats = (await client.info('commandstats')) as string
        expect(Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0)).toBe(1)
      } finally {
        client.disconnect()
        restarted?.stop()
        await server.stop()
      }
    },
    60_000,
  )
})
