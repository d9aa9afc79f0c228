// The conformance suite on a local 3-master Redis Cluster, through ioredis Cluster and node-redis
// cluster: every script's keys share the resource's hash tag, or these fail with CROSSSLOT.
import { describeLockConformanceOnRedis } from './support/redis-backends.js'

await describeLockConformanceOnRedis(['ioredis-cluster', 'node-redis-cluster'])
