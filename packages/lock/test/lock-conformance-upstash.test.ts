// The conformance suite, unchanged, through @upstash/redis over a local Upstash REST server (HTTP) in front of the same Redis.
import { describeLockConformanceOnRedis } from './support/redis-backends.js'

await describeLockConformanceOnRedis(['upstash'])
