/** A Redis command: its name, then its arguments. */
export type RedisCommand = readonly [string, ...(string | number)[]]

/** What a subscription delivers. */
export interface SubscriptionHandlers {
  /** A message arrived on the channel. */
  onMessage(message: string): void
  /** The subscription was (re)established after a break: messages may have been missed. */
  onResubscribe(): void
  /** The subscription connection broke: messages are being missed until `onResubscribe`. */
  onDisconnect(): void
}

/**
 * The few things layercache needs from a Redis client, whatever the client: raw commands with raw
 * replies (strings, integers, arrays, null), pipelines, the masters to scan, and pub/sub.
 */
export interface RedisDriver {
  readonly kind: 'ioredis' | 'ioredis-cluster' | 'node-redis' | 'node-redis-cluster' | 'upstash'
  readonly cluster: boolean
  /** Sends one command. `key` routes it on a cluster (the first key of the command). */
  call(command: RedisCommand, key?: string): Promise<unknown>
  /**
   * Sends commands in one round trip where the client allows (per node on a cluster). Failed commands
   * come back as `Error` instances in their slot; the batch itself only rejects when the transport fails.
   */
  batch(commands: readonly RedisCommand[], keys: readonly (string | undefined)[]): Promise<unknown[]>
  /** Calls `each` once per master with a function sending commands to that master. */
  forEachMaster(each: (call: (command: RedisCommand) => Promise<unknown>) => Promise<void>): Promise<void>
  /** Subscribes to `channel` on a dedicated connection; resolves to an unsubscribe function. */
  subscribe(channel: string, handlers: SubscriptionHandlers): Promise<() => Promise<void>>
}

/** Turns Buffers into strings and leaves everything else as the client replied. */
export function normalizeReply(reply: unknown): unknown {
  if (reply === undefined) return null
  if (Array.isArray(reply)) return reply.map(normalizeReply)
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply)
  if (typeof reply === 'bigint') return Number(reply)
  return reply
}

/** An error Redis itself replied with (as opposed to a failed connection). */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError'
}

const replyErrorNames = new Set(['ReplyError', 'ErrorReply', 'RedisReplyError', 'SimpleError', 'BlobError'])

/** True for errors Redis replied with; false for transport failures (which must fail the round trip). */
export function isReplyError(error: unknown): boolean {
  return (
    error instanceof Error && (replyErrorNames.has(error.name) || replyErrorNames.has(error.constructor.name))
  )
}

/**
 * Keeps Redis reply errors in their slots and turns the first transport failure into a rejection, so
 * a dead connection counts as one failed round trip (for the timeout and the circuit breaker).
 */
export function settleBatch(replies: unknown[]): unknown[] {
  const transportFailure = replies.find((reply) => reply instanceof Error && !isReplyError(reply))
  if (transportFailure !== undefined) throw transportFailure
  return replies
}
