export {
  ALL_CLIENT_KINDS,
  type ClientFactory,
  type ClientKind,
  type CreatedClient,
  LATEST_CLIENT_KINDS,
  type RedisClientFactoriesOptions,
  redisClientFactories,
} from './client-factories.js'
export { settlesWithin, waitUntil } from './deadline.js'
export { deleteKeysWithPrefix, deleteKeysWithPrefixOn, type KeyDeletionTarget } from './delete-keys.js'
export { checkNodeVersion, EXPECTED_NODE_MAJOR_ENV } from './expected-node.js'
export { findFreePort } from './free-port.js'
export { escapeGlob, TEST_KEY_NAMESPACE, uniquePrefix } from './key-prefix.js'
export { type NextServer, nextBuild, nextStart } from './next-app.js'
export { pingRedis, type RedisAddress } from './ping-redis.js'
export {
  type RedisClusterHandle,
  type RedisClusterOptions,
  sharedRedisCluster,
  startRedisCluster,
} from './redis-cluster.js'
export { type RedisServerHandle, type StartRedisServerOptions, startRedisServer } from './redis-server.js'
export { DEFAULT_REDIS_URL, getRedisUrl, setupRedisForTests } from './redis-url.js'
export { sharedUpstashRestServer } from './shared-upstash-server.js'
export { type ProxyMode, startTcpProxy, type TcpProxy } from './tcp-proxy.js'
