import {
  normalizeReply,
  type RedisCommand,
  type RedisDriver,
  type Subscriber,
  type SubscriberHandlers,
  settleBatch,
} from './redis-driver.js'
import { resubscribing } from './resubscribing.js'

type Argument = string | Buffer

/** The parts of a node-redis (5 or 6) client used here. */
export interface NodeRedisClientLike {
  isOpen: boolean
  isReady?: boolean
  sendCommand(args: Argument[]): Promise<unknown>
  multi(): { addCommand(args: Argument[]): unknown; execAsPipeline(): Promise<unknown[]> }
  duplicate(): NodeRedisClientLike
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string) => void): Promise<void>
  on(event: string, listener: (...args: never[]) => void): unknown
  close?(): Promise<void>
  quit?(): Promise<unknown>
  destroy?(): unknown
  disconnect?(): Promise<unknown>
}

/** The parts of a node-redis (5 or 6) cluster used here. */
export interface NodeRedisClusterLike {
  isOpen: boolean
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: Argument[],
  ): Promise<unknown>
  masters: unknown[]
  nodeClient(node: unknown): Promise<NodeRedisClientLike>
  duplicate(): NodeRedisClusterLike
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string) => void): Promise<void>
  on(event: string, listener: (...args: never[]) => void): unknown
  close?(): Promise<void>
  quit?(): Promise<unknown>
  destroy?(): unknown
  disconnect?(): Promise<unknown>
}

const asArguments = (command: RedisCommand): Argument[] => command.map(String)

/** True when `client` looks like a node-redis client (5 or 6). */
export function isNodeRedisClient(client: unknown): client is NodeRedisClientLike {
  const candidate = client as Partial<NodeRedisClientLike> | null
  return (
    typeof candidate?.sendCommand === 'function' &&
    typeof candidate.multi === 'function' &&
    'isOpen' in candidate
  )
}

/** True when `client` looks like a node-redis cluster (5 or 6). */
export function isNodeRedisCluster(client: unknown): client is NodeRedisClusterLike {
  const candidate = client as Partial<NodeRedisClusterLike> | null
  return (
    isNodeRedisClient(client) && typeof candidate?.nodeClient === 'function' && 'masters' in (candidate ?? {})
  )
}

/**
 * Drops the connection at once. node-redis's polite close() waits for every pending reply with no
 * bound, and once it has started, destroy() refuses to run ("client is closed"): a subscriber on a
 * silent server would stay open for good. A subscriber has nothing to flush, so it is destroyed.
 */
function destroyQuietly(connection: NodeRedisClientLike | NodeRedisClusterLike): void {
  try {
    if (connection.destroy !== undefined) connection.destroy()
    else void connection.disconnect?.().catch(() => {})
  } catch {
    // Already closed.
  }
}

function subscribeOn(
  connection: NodeRedisClientLike | NodeRedisClusterLike,
  channel: string,
  handlers: SubscriberHandlers,
): Subscriber {
  const subscriber = connection.duplicate()
  let open = true
  let reported = false
  // node-redis would reconnect and resubscribe by itself; the caller resubscribes instead, on a fresh
  // connection, so that it knows messages were lost meanwhile.
  const broken = (error?: unknown) => {
    if (!open || reported) return
    reported = true
    handlers.onBroken(error)
  }
  subscriber.on('error', broken)
  subscriber.on('end', () => broken())
  subscriber
    .connect()
    .then(() =>
      subscriber.subscribe(channel, (message) => {
        if (open) handlers.onMessage(message)
      }),
    )
    .then(() => {
      if (open) handlers.onSubscribed()
    }, broken)
  return {
    async close() {
      open = false
      destroyQuietly(subscriber)
    },
  }
}

/** A driver over node-redis: a client (pipelines) or a cluster (commands routed by key). */
export function nodeRedisDriver(client: NodeRedisClientLike | NodeRedisClusterLike): RedisDriver {
  if (isNodeRedisCluster(client)) {
    const call = async (command: RedisCommand, key?: string) =>
      normalizeReply(await client.sendCommand(key, false, asArguments(command)))
    return {
      kind: 'node-redis-cluster',
      cluster: true,
      call,
      async batch(commands, keys) {
        const settled = await Promise.allSettled(commands.map((command, index) => call(command, keys[index])))
        return settleBatch(
          settled.map((outcome) =>
            outcome.status === 'fulfilled'
              ? outcome.value
              : outcome.reason instanceof Error
                ? outcome.reason
                : new Error(String(outcome.reason)),
          ),
        )
      },
      async forEachMaster(each) {
        for (const master of client.masters) {
          const node = await client.nodeClient(master)
          await each(async (command) => normalizeReply(await node.sendCommand(asArguments(command))))
        }
      },
      // A cluster has no single ready state to read; only sending tells.
      available: () => true,
      openSubscriber: (channel, handlers) => subscribeOn(client, channel, handlers),
      subscribe: (channel, handlers) =>
        resubscribing((name, events) => subscribeOn(client, name, events), channel, handlers),
    }
  }
  const single = client as NodeRedisClientLike
  const call = async (command: RedisCommand) => normalizeReply(await single.sendCommand(asArguments(command)))
  return {
    kind: 'node-redis',
    cluster: false,
    call,
    async batch(commands) {
      if (commands.length === 0) return []
      const pipeline = single.multi()
      for (const command of commands) pipeline.addCommand(asArguments(command))
      const replies = await pipeline.execAsPipeline()
      return settleBatch(replies.map((reply) => (reply instanceof Error ? reply : normalizeReply(reply))))
    },
    async forEachMaster(each) {
      await each(call)
    },
    // Open but not ready: reconnecting, commands would wait in the offline queue.
    available: () => !(single.isOpen && single.isReady === false),
    openSubscriber: (channel, handlers) => subscribeOn(single, channel, handlers),
    subscribe: (channel, handlers) =>
      resubscribing((name, events) => subscribeOn(single, name, events), channel, handlers),
  }
}
