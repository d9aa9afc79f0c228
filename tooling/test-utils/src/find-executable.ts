import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/**
 * The absolute path of `name` on `PATH`, or `undefined` when it is not installed.
 *
 * @example
 * ```ts
 * findExecutable('redis-server') // '/usr/bin/redis-server'
 * ```
 */
export function findExecutable(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue
    const candidate = join(directory, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not in this directory; keep looking.
    }
  }
  return undefined
}

/**
 * Like {@link findExecutable}, but throws a one-line error that says how to get the binary.
 *
 * @example
 * ```ts
 * const redisCli = requireRedisExecutable('redis-cli')
 * ```
 */
export function requireRedisExecutable(name: 'redis-server' | 'redis-cli'): string {
  const path = findExecutable(name)
  if (path) return path
  throw new Error(
    `${name} not found on PATH: install Redis (apt-get install redis-server, or brew install redis) or set REDIS_URL to a running Redis`,
  )
}
