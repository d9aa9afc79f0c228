import { existsSync } from 'node:fs'
import { Cluster, Redis } from 'ioredis'
import { describe, expect, test } from 'vitest'
import {
  deleteKeysWithPrefix,
  pingRedis,
  type RedisAddress,
  startRedisCluster,
  uniquePrefix,
} from '../src/index.js'

async function clusterInfo(node: RedisAddress): Promise<string> {
  const redis = new Redis({ ...node, lazyConnect: true })
  await redis.connect()
  try {
    return String(await redis.call('CLUSTER', 'INFO'))
  } finally {
    redis.disconnect()
  }
}

describe('startRedisCluster', () => {
  test('starts a healthy 3-master cluster that a cluster client can use, and stops it', async () => {
    const cluster = await startRedisCluster()
    expect(cluster.nodes).toHaveLength(3)
    for (const node of cluster.nodes) {
      const info = await clusterInfo(node)
      expect(info).toContain('cluster_state:ok')
      expect(info).toContain('cluster_slots_assigned:16384')
    }
    const prefix = uniquePrefix('cluster')
    const client = new Cluster(cluster.nodes, { lazyConnect: true })
    await client.connect()
    // Keys spread over many slots, so every master is involved.
    const keys = Array.from({ length: 20 }, (_, index) => `${prefix}${index}`)
    for (const key of keys) await client.set(key, key)
    for (const key of keys) expect(await client.get(key)).toBe(key)
    await client.quit()
    expect(await deleteKeysWithPrefix(cluster, prefix)).toBe(keys.length)

    await cluster.stop()
    for (const node of cluster.nodes) expect(await pingRedis(node, 300)).toBe(false)
  })

  test('two clusters can start at the same time without sharing ports', async () => {
    const clusters = await Promise.all([startRedisCluster(), startRedisCluster()])
    try {
      const ports = clusters.flatMap((cluster) => cluster.nodes.map((node) => node.port))
      expect(new Set(ports).size).toBe(6)
      for (const cluster of clusters) {
        expect(await clusterInfo(cluster.nodes[0]!)).toContain('cluster_known_nodes:3')
      }
    } finally {
      await Promise.all(clusters.map((cluster) => cluster.stop()))
    }
  })

  test('refuses fewer than three masters', async () => {
    await expect(startRedisCluster({ masters: 2 })).rejects.toThrow(/at least 3 masters/)
  })
})

test("stopping a cluster removes its nodes' directories", async () => {
  const cluster = await startRedisCluster()
  const dirs = await Promise.all(
    cluster.nodes.map(async (node) => {
      const redis = new Redis({ ...node, lazyConnect: true })
      await redis.connect()
      const [, dir] = (await redis.config('GET', 'dir')) as [string, string]
      redis.disconnect()
      return dir
    }),
  )
  for (const dir of dirs) expect(existsSync(dir)).toBe(true)
  await cluster.stop()
  for (const dir of dirs) expect(existsSync(dir)).toBe(false)
})
