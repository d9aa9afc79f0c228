// One "server" of the cross-process test: connects with the client kind it is given, waits for
// "go", then races the other processes on two shared boards and reports what its calls answered.
import { createRedisStore, type RedisClient } from '@layercache/redis'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Cluster, Redis } from 'ioredis'
import { createClient, createCluster } from 'redis'
import { createLeaderboard } from '../../src/index.js'

/** What the test passes each worker, as one JSON argument. */
export interface WorkerSettings {
  kind: 'ioredis' | 'node-redis' | 'upstash' | 'ioredis-cluster' | 'node-redis-cluster'
  /** Redis URL; cluster nodes as `host:port`; Upstash `url token`. */
  address: string[]
  prefix: string
  worker: number
  /** Members of its own that this worker submits, all with the same score. */
  tiedMembers: number
  /** +1 increments this worker adds, spread over the shared members. */
  increments: number
  sharedMembers: number
}

/** What a worker reports back. */
export interface WorkerReport {
  /** `[member, rank answered by submit, reachedAt]` for each tied member, in submit order. */
  tied: [string, number, number][]
}

const settings = JSON.parse(process.argv[2]!) as WorkerSettings

async function connect(): Promise<{ client: RedisClient; close: () => Promise<unknown> }> {
  const { kind, address } = settings
  if (kind === 'ioredis') {
    const client = new Redis(address[0]!)
    return { client, close: () => client.quit() }
  }
  if (kind === 'ioredis-cluster') {
    const client = new Cluster(address)
    return { client, close: () => client.quit() }
  }
  if (kind === 'node-redis') {
    const client = await createClient({ url: address[0] }).connect()
    return { client, close: () => client.close() }
  }
  if (kind === 'node-redis-cluster') {
    const client = createCluster({ rootNodes: address.map((node) => ({ url: `redis://${node}` })) })
    await client.connect()
    return { client, close: () => client.close() }
  }
  const client = new UpstashRedis({ url: address[0]!, token: address[1]!, enableTelemetry: false })
  return { client, close: async () => {} }
}

const { client, close } = await connect()
// A generous timeout: on a busy machine a slow answer must not fail the race.
const store = createRedisStore({ client, prefix: settings.prefix, timeout: '30s' })
const tiedBoard = createLeaderboard({ store, name: 'tied' })
const counted = createLeaderboard({ store, name: 'counted', update: 'increment', rankMode: 'dense' })

let resume = () => {}

process.on('message', async (message) => {
  if (message === 'resume') resume()
  if (message !== 'go') return
  const tied: WorkerReport['tied'] = []
  const increments: Promise<unknown>[] = []
  for (let index = 0; index < settings.increments; index++) {
    // Several increments in flight at once: the race is within a process as well as between them.
    increments.push(counted.submit(`shared:${index % settings.sharedMembers}`, 1))
  }
  const submitTied = async (from: number, to: number) => {
    for (let index = from; index < to; index++) {
      const result = await tiedBoard.submit(`w${settings.worker}:m${index}`, 50)
      tied.push([result.member, result.rank, result.reachedAt])
    }
  }
  const half = Math.floor(settings.tiedMembers / 2)
  await submitTied(0, half)
  // A barrier across the processes: every worker has members on both sides of it, so their writes
  // interleave however busy the machine is.
  const resumed = new Promise<void>((resolve) => {
    resume = resolve
  })
  process.send?.('halfway')
  await resumed
  await submitTied(half, settings.tiedMembers)
  await Promise.all(increments)
  process.send?.({ tied } satisfies WorkerReport)
  await close()
  process.disconnect()
})
process.send?.('ready')
