import {
  normalizeReply,
  quitThenDisconnect,
  type RedisCommand,
  type RedisDriver,
  type Subscriber,
  type SubscriberHandlers,
  settleBatch,
} from './redis-driver.js'
import { resubscribing } from './resubscribing.js'

/** ioredis statuses in which a command can only wait in the offline queue (or fail). */
const DISCONNECTED_STATUSES = new Set(['reconnecting', 'close', 'end'])

/** The parts of an ioredis `Redis` or `Cluster` used here. */
export interface IoredisLike {
  isCluster?: boolean
  status?: string
  call(command: string, ...args: (string | number)[]): Promise<unknown>
  /** `GET`: a plain command method, leaner in ioredis than the same command through `call`. */
  get?(key: string): Promise<string | null>
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
  const openSubscriber = (channel: string, handlers: SubscriberHandlers) =>
    subscribeOn(client, cluster, channel, handlers)
  return {
    kind: cluster ? 'ioredis-cluster' : 'ioredis',
    cluster,
    call,
    // ioredis answers GET with a string or null: nothing to normalize, so no async wrapper.
    readString:
      typeof client.get === 'function'
        ? (key) => (client.get as (key: string) => Promise<string | null>).call(client, key)
        : (key) => client.call('GET', key),
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
    available: () => !DISCONNECTED_STATUSES.has(client.status ?? ''),
    openSubscriber,
    subscribe: (channel, handlers) => resubscribing(openSubscriber, channel, handlers),
  }
}

function subscribeOn(
  client: IoredisLike,
  cluster: boolean,
  channel: string,
  handlers: SubscriberHandlers,
): Subscriber {
  // The user's options may say lazyConnect, no offline queue or reconnect forever; the subscriber is
  // never retried by ioredis: the caller resubscribes on a fresh connection, so it knows about a break.
  const overrides = cluster
    ? { lazyConnect: true, enableOfflineQueue: true, clusterRetryStrategy: () => null }
    : { lazyConnect: true, enableOfflineQueue: true, autoResubscribe: false, retryStrategy: () => null }
  const subscriber = cluster ? client.duplicate(undefined, overrides) : client.duplicate(overrides)
  let open = true
  let confirmed = false
  let reported = false
  const broken = (error?: unknown) => {
    if (!open || reported) return
    reported = true
    handlers.onBroken(error)
  }
  subscriber.on('message', ((receivedOn: string, message: string) => {
    if (open && receivedOn === channel) handlers.onMessage(message)
  }) as (...args: never[]) => void)
  // 'close' follows every connection error; command errors reject the promises below.
  subscriber.on('error', () => {})
  subscriber.on('close', () => broken())
  subscriber.on('end', () => broken())
  subscriber
    .connect()
    .then(() => subscriber.subscribe(channel))
    .then(() => {
      confirmed = true
      if (open) handlers.onSubscribed()
    }, broken)
  return {
    close() {
      open = false
      if (!confirmed) {
        subscriber.disconnect()
        return Promise.resolve()
      }
      return quitThenDisconnect(
        () => subscriber.quit(),
        () => subscriber.disconnect(),
      )
    },
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason))
}
