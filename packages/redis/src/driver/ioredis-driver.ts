import {
  normalizeReply,
  type RedisCommand,
  type RedisDriver,
  type SubscriptionHandlers,
  settleBatch,
} from './redis-driver.js'

/** The parts of an ioredis `Redis` or `Cluster` used here. */
export interface IoredisLike {
  isCluster?: boolean
  status?: string
  call(command: string, ...args: (string | number)[]): Promise<unknown>
  pipeline(commands?: (string | number)[][]): { exec(): Promise<[Error | null, unknown][] | null> }
  duplicate(...overrides: unknown[]): IoredisLike
  connect(): Promise<unknown>
  nodes?(role?: 'master' | 'slave' | 'all'): IoredisLike[]
  subscribe(...channels: string[]): Promise<unknown>
  on(event: string, listener: (...args: never[]) => void): unknown
  quit(): Promise<unknown>
  disconnect(): void
}

/** True when `client` looks like an ioredis `Redis` or `Cluster`. */
export function isIoredis(client: unknown): client is IoredisLike {
  const candidate = client as Partial<IoredisLike> | null
  return (
    typeof candidate?.call === 'function' &&
    typeof candidate.pipeline === 'function' &&
    typeof candidate.duplicate === 'function' &&
    typeof (candidate as { sendCommand?: unknown }).sendCommand === 'function' &&
    'isCluster' in candidate
  )
}

/** A driver over ioredis. Pipelines on a cluster are split per slot by sending commands one by one. */
export function ioredisDriver(client: IoredisLike): RedisDriver {
  const cluster = client.isCluster === true
  const call = async (command: RedisCommand) => normalizeReply(await client.call(...command))
  return {
    kind: cluster ? 'ioredis-cluster' : 'ioredis',
    cluster,
    call,
    async batch(commands) {
      if (commands.length === 0) return []
      if (cluster || commands.length === 1) {
        const settled = await Promise.allSettled(commands.map(call))
        return settleBatch(
          settled.map((outcome) =>
            outcome.status === 'fulfilled' ? outcome.value : toError(outcome.reason),
          ),
        )
      }
      const replies = (await client.pipeline(commands.map((command) => ['call', ...command])).exec()) ?? []
      return settleBatch(replies.map(([error, reply]) => (error ? error : normalizeReply(reply))))
    },
    async forEachMaster(each) {
      const masters = cluster ? (client.nodes?.('master') ?? []) : [client]
      for (const master of masters)
        await each(async (command) => normalizeReply(await master.call(...command)))
    },
    async subscribe(channel, handlers: SubscriptionHandlers) {
      // The user's options may say lazyConnect and no offline queue; the subscriber needs neither.
      const overrides = { lazyConnect: true, enableOfflineQueue: true }
      const subscriber = cluster ? client.duplicate(undefined, overrides) : client.duplicate(overrides)
      let ready = false
      subscriber.on('message', ((receivedOn: string, message: string) => {
        if (receivedOn === channel) handlers.onMessage(message)
      }) as (...args: never[]) => void)
      // ioredis re-subscribes by itself after a reconnect; any message sent meanwhile is lost.
      subscriber.on('ready', () => {
        if (ready) handlers.onResubscribe()
      })
      subscriber.on('close', () => {
        if (ready) handlers.onDisconnect()
      })
      subscriber.on('error', () => {})
      try {
        await subscriber.connect()
        await subscriber.subscribe(channel)
      } catch (error) {
        subscriber.disconnect()
        throw error
      }
      ready = true
      return async () => {
        await subscriber.quit().catch(() => subscriber.disconnect())
      }
    },
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason))
}
