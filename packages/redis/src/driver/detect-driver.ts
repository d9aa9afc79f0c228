import { errors, LayercacheError } from '@layercache/core'
import { ioredisDriver, isIoredis } from './ioredis-driver.js'
import { isNodeRedisClient, nodeRedisDriver } from './node-redis-driver.js'
import type { RedisDriver } from './redis-driver.js'
import { isUpstash, upstashDriver } from './upstash-driver.js'

/** A Redis client layercache accepts: ioredis 5 or 6 `Redis`/`Cluster`, node-redis 5 or 6 client/cluster, `@upstash/redis`. */
export type RedisClient = object

const drivers = new WeakMap<object, RedisDriver>()

/**
 * Finds out which client `client` is and wraps it in a driver (once per client). Never opens a
 * connection of its own, except the dedicated pub/sub connection a bus asks for.
 */
export function detectDriver(client: RedisClient): RedisDriver {
  const known = drivers.get(client)
  if (known !== undefined) return known
  let driver: RedisDriver
  if (isIoredis(client)) driver = ioredisDriver(client)
  else if (isUpstash(client)) driver = upstashDriver(client)
  else if (isNodeRedisClient(client)) driver = nodeRedisDriver(client)
  else {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      'unsupported Redis client: pass an ioredis Redis or Cluster, a node-redis (5 or 6) client or cluster, or an @upstash/redis Redis',
    )
  }
  drivers.set(client, driver)
  return driver
}
