// The conformance suite, unchanged, through node-redis (its current major) on a single Redis.
import { describeLockConformanceOnRedis } from './support/redis-backends.js'

await describeLockConformanceOnRedis(['node-redis'])
