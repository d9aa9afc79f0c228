import { pingRedis } from './ping-redis.js'
import { type RedisServerHandle, startRedisServer } from './redis-server.js'

/** Where a developer's Redis usually runs; tried before starting one of our own. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

const DEFAULT_PING_TIMEOUT_MS = 1000

let resolving: Promise<string> | undefined
let ownedServer: RedisServerHandle | undefined

/**
 * The Redis the tests should use, decided once per process:
 * 1. `process.env.REDIS_URL` when set (not probed: a wrong URL should fail the tests loudly);
 * 2. `redis://127.0.0.1:6379` when it answers PING within a second;
 * 3. otherwise a `redis-server` started for this process on a free port, killed at exit.
 *
 * @throws Error with one line on how to get Redis when none runs and `redis-server` is missing.
 * @example
 * ```ts
 * const redis = new Redis(await getRedisUrl())
 * ```
 */
export function getRedisUrl(): Promise<string> {
  resolving ??= resolveRedisUrl()
  return resolving
}

async function resolveRedisUrl(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL
  if (await pingRedis({ host: '127.0.0.1', port: 6379 }, DEFAULT_PING_TIMEOUT_MS)) return DEFAULT_REDIS_URL
  ownedServer = await startRedisServer()
  return ownedServer.url
}

/**
 * For vitest's `globalSetup`: decides the Redis once for the whole run and stores it in
 * `process.env.REDIS_URL`, which test workers inherit, so they never start servers of their own.
 *
 * @returns a teardown that stops the server if this call started one.
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@layercache/test-utils/global-setup'] } })
 * ```
 */
export async function setupRedisForTests(): Promise<() => Promise<void>> {
  process.env.REDIS_URL = await getRedisUrl()
  return async () => {
    await ownedServer?.stop()
  }
}
