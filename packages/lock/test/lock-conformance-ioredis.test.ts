// The conformance suite, unchanged, through ioredis on a single Redis.
import { describeLockConformanceOnRedis } from './support/redis-backends.js'

await describeLockConformanceOnRedis(['ioredis'])
