import {
  normalizeReply,
  type RedisCommand,
  type RedisDriver,
  type SubscriptionHandlers,
  settleBatch,
} from './redis-driver.js'

type Argument = string | Buffer

/** The parts of a node-redis (v5) client used here. */
export interface NodeRedisClientLike {
  isOpen: boolean
  sendCommand(args: Argument[]): Promise<unknown>
  multi(): { addCommand(args: Argument[]): unknown; execAsPipeline(): Promise<unknown[]> }
  duplicate(): NodeRedisClientLike
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string) => void): Promise<void>
  on(event: string, listener: (...args: never[]) => void): unknown
  close?(): Promise<void>
  quit?(): Promise<unknown>
}

/** The parts of a node-redis (v5) cluster used here. */
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
}

const asArguments = (command: RedisCommand): Argument[] => command.map(String)

/** True when `client` looks like a node-redis client (v5). */
export function isNodeRedisClient(client: unknown): client is NodeRedisClientLike {
  const candidate = client as Partial<NodeRedisClientLike> | null
  return (
    typeof candidate?.sendCommand === 'function' &&
    typeof candidate.multi === 'function' &&
    'isOpen' in candidate
  )
}

/** True when `client` looks like a node-redis cluster (v5). */
export function isNodeRedisCluster(client: unknown): client is NodeRedisClusterLike {
  const candidate = client as Partial<NodeRedisClusterLike> | null
  return (
    isNodeRedisClient(client) && typeof candidate?.nodeClient === 'function' && 'masters' in (candidate ?? {})
  )
}

async function closeQuietly(connection: {
  close?(): Promise<void>
  quit?(): Promise<unknown>
}): Promise<void> {
  try {
    await (connection.close?.() ?? connection.quit?.())
  } catch {
    // Already closed: nothing to release.
  }
}

async function subscribeOn(
  connection: NodeRedisClientLike | NodeRedisClusterLike,
  channel: string,
  handlers: SubscriptionHandlers,
): Promise<() => Promise<void>> {
  const subscriber = connection.duplicate()
  let ready = false
  subscriber.on('error', () => {
    if (ready) handlers.onDisconnect()
  })
  subscriber.on('end', () => {
    if (ready) handlers.onDisconnect()
  })
  subscriber.on('ready', () => {
    if (ready) handlers.onResubscribe()
  })
  await subscriber.connect()
  await subscriber.subscribe(channel, (message) => handlers.onMessage(message))
  ready = true
  return () => closeQuietly(subscriber)
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
      subscribe: (channel, handlers) => subscribeOn(client, channel, handlers),
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
    subscribe: (channel, handlers) => subscribeOn(single, channel, handlers),
  }
}
