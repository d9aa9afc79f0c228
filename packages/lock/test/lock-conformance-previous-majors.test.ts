// The conformance suite, unchanged, through the previous majors of ioredis and node-redis (v5), still
// supported: on a single Redis and on the local 3-master cluster.
import { describeLockConformanceOnRedis } from './support/redis-backends.js'

await describeLockConformanceOnRedis([
  'ioredis-v5',
  'node-redis-v5',
  'ioredis-v5-cluster',
  'node-redis-v5-cluster',
])
