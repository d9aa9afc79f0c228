import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import { requireRedisExecutable } from './find-executable.js'
import type { RedisAddress } from './ping-redis.js'
import { type RedisServerHandle, startRedisServer } from './redis-server.js'

/** Options for {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /**
   * How many masters to start (no replicas). Redis Cluster needs at least 3.
   * @default 3
   */
  masters?: number
  /**
   * How long to wait for every node to report `cluster_state:ok`.
   * @default 30000
   */
  readyTimeoutMs?: number
}

/** A running local Redis Cluster. */
export interface RedisClusterHandle {
  /** The masters, e.g. for ioredis `new Cluster(nodes)` or node-redis `rootNodes`. */
  nodes: RedisAddress[]
  /** Kills every node and removes their directories. Safe to call twice. */
  stop(): Promise<void>
}

const DEFAULT_MASTERS = 3
const DEFAULT_READY_TIMEOUT_MS = 30_000
const TOTAL_SLOTS = 16384
const runFile = promisify(execFile)

/**
 * Starts a Redis Cluster of `masters` nodes on free local ports (each with a free bus port), joins
 * them with `redis-cli --cluster create`, and resolves once every node reports `cluster_state:ok`
 * with all 16384 slots assigned. Test files may start clusters concurrently; each gets its own ports.
 *
 * @example
 * ```ts
 * const cluster = await startRedisCluster()
 * const redis = new Cluster(cluster.nodes)
 * await cluster.stop()
 * ```
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = options.masters ?? DEFAULT_MASTERS
  if (masters < DEFAULT_MASTERS) throw new Error(`A Redis Cluster needs at least 3 masters, got ${masters}`)
  const redisCli = requireRedisExecutable('redis-cli')
  const servers: RedisServerHandle[] = []
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()))
  }
  try {
    // One at a time, so that two nodes of this cluster never race for the same free port.
    for (let index = 0; index < masters; index++) {
      servers.push(
        await startRedisServer({
          clusterBus: true,
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
        }),
      )
    }
    const addresses = servers.map((server) => `${server.host}:${server.port}`)
    await runFile(
      redisCli,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      {
        timeout: 30_000,
      },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`redis-cli --cluster create failed: ${error.stderr || error.stdout || error.message}`)
    })
    const nodes = servers.map(({ host, port }) => ({ host, port }))
    await waitUntilClusterReady(nodes, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS)
    let stopping: Promise<void> | undefined
    return { nodes, stop: () => (stopping ??= stop()) }
  } catch (error) {
    await stop()
    throw error
  }
}

async function waitUntilClusterReady(nodes: RedisAddress[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (const node of nodes) {
    const redis = new Redis({ ...node, lazyConnect: true, maxRetriesPerRequest: 1 })
    try {
      await redis.connect()
      let info = ''
      while (!isClusterReady((info = String(await redis.call('CLUSTER', 'INFO'))), nodes.length)) {
        if (Date.now() > deadline) throw new Error(`Redis Cluster node ${node.port} not ready:\n${info}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      redis.disconnect()
    }
  }
}

function isClusterReady(info: string, masters: number): boolean {
  const field = (name: string) => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1]
  return (
    field('cluster_state') === 'ok' &&
    field('cluster_slots_assigned') === String(TOTAL_SLOTS) &&
    field('cluster_slots_ok') === String(TOTAL_SLOTS) &&
    Number(field('cluster_known_nodes')) === masters
  )
}

let shared: Promise<RedisClusterHandle> | undefined

/**
 * One cluster per process (per test file under vitest's default isolation), started on first call
 * and killed when the process exits. Calling `stop()` on it ends it early; the next call starts a
 * new one.
 *
 * @example
 * ```ts
 * const { nodes } = await sharedRedisCluster()
 * ```
 */
export function sharedRedisCluster(): Promise<RedisClusterHandle> {
  const starting = (shared ??= startRedisCluster().then((cluster) => ({
    nodes: cluster.nodes,
    async stop() {
      if (shared === starting) shared = undefined
      await cluster.stop()
    },
  })))
  // A failed start should not be memoized: the next caller gets a fresh attempt.
  starting.catch(() => {
    if (shared === starting) shared = undefined
  })
  return starting
}
