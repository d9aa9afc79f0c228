// The conformance suite, unchanged, through node-redis (v5) on a single Redis.
import { describeLockConformanceOnRedis } from './support/redis-backends.js'

await describeLockConformanceOnRedis(['node-redis'])
