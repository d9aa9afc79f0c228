export { createRedisBus, type RedisBus } from './bus/redis-bus.js'
export { DEFAULT_BUS_PREFIX, type RedisBusOptions } from './bus/redis-bus-options.js'
export { detectDriver, type RedisClient } from './driver/detect-driver.js'
export type { RedisCommand, RedisDriver } from './driver/redis-driver.js'
export {
  type CircuitBreakerOptions,
  type CircuitState,
  DEFAULT_COOLDOWN,
  DEFAULT_FAILURE_THRESHOLD,
} from './store/circuit-breaker.js'
export { ENVELOPE_VERSION } from './store/entry-envelope.js'
export { createRedisStore, type RedisStore } from './store/redis-store.js'
export {
  DEFAULT_CLUSTER_SHARDS,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_PREFIX,
  DEFAULT_REDIS_MAX_VALUE_BYTES,
  DEFAULT_TOMBSTONE_TTL,
  type RedisStoreOptions,
} from './store/redis-store-options.js'
