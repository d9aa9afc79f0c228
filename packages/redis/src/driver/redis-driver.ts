/** A Redis command: its name, then its arguments. */
export type RedisCommand = readonly [string, ...(string | number)[]]

/** What a long-lived subscription ({@link RedisDriver.subscribe}) delivers. */
export interface SubscriptionHandlers {
  /** A message arrived on the channel. */
  onMessage(message: string): void
  /** The subscription was (re)established after a break: messages may have been missed. */
  onResubscribe(): void
  /** The subscription connection broke: messages are being missed until `onResubscribe`. */
  onDisconnect(): void
}

/**
 * What one dedicated subscriber connection ({@link RedisDriver.openSubscriber}) reports. It never
 * reconnects or resubscribes by itself: its owner decides what a break means and when to try again.
 */
export interface SubscriberHandlers {
  /** The server confirmed the subscription: every message published from now on is delivered. */
  onSubscribed(): void
  /** A message arrived on the channel. */
  onMessage(message: string): void
  /** The connection failed or closed: messages are being lost and this subscriber is done. */
  onBroken(error?: unknown): void
}

/** One dedicated subscriber connection, subscribed to one channel. */
export interface Subscriber {
  /**
   * Ends the subscription and its connection: a confirmed one gets {@link SUBSCRIBER_QUIT_TIMEOUT_MS}
   * to quit politely, then it is disconnected; an unconfirmed one is disconnected at once. Never
   * rejects; no handler is called afterwards.
   */
  close(): Promise<void>
}

/** How long a subscriber connection may take to quit before it is disconnected. */
export const SUBSCRIBER_QUIT_TIMEOUT_MS = 500

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
   * `GET key` as {@link call} sends it, without its normalizing wrapper where the client already
   * answers a string or `null`: every cache read from Redis is one of these. Drivers without it are
   * read with {@link call}.
   */
  readString?(key: string): Promise<unknown>
  /**
   * Sends commands in one round trip where the client allows (per node on a cluster). Failed commands
   * come back as `Error` instances in their slot; the batch itself only rejects when the transport fails.
   */
  batch(commands: readonly RedisCommand[], keys: readonly (string | undefined)[]): Promise<unknown[]>
  /** Calls `each` once per master with a function sending commands to that master. */
  forEachMaster(each: (call: (command: RedisCommand) => Promise<unknown>) => Promise<void>): Promise<void>
  /**
   * False when the client knows it is disconnected, so a command sent now could only wait in an
   * offline queue until its timeout: ioredis with `status` 'reconnecting', 'close' or 'end', a
   * node-redis client that is open but not ready. Callers then fail at once. True when the client
   * cannot tell (Upstash over HTTP, a node-redis cluster): only sending finds out.
   */
  available(): boolean
  /**
   * Opens a new dedicated connection duplicated from the client (on Upstash, a server-sent-events
   * request) and subscribes it to `channel`, starting at once and reporting through `handlers`.
   * One attempt, never retried: the caller's client is neither used for it nor closed.
   */
  openSubscriber(channel: string, handlers: SubscriberHandlers): Subscriber
  /**
   * Subscribes to `channel` for good: resolves once subscribed (rejects if the first attempt fails)
   * to an unsubscribe function; after a break it resubscribes on a fresh connection with backoff,
   * reporting `onDisconnect` and then `onResubscribe`.
   */
  subscribe(channel: string, handlers: SubscriptionHandlers): Promise<() => Promise<void>>
}

/**
 * Gives `polite` (a QUIT) up to {@link SUBSCRIBER_QUIT_TIMEOUT_MS}, then runs `hard` (a disconnect)
 * anyway: a server that stopped answering must not hold up a close. Never rejects.
 */
export async function quitThenDisconnect(polite: () => Promise<unknown>, hard: () => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SUBSCRIBER_QUIT_TIMEOUT_MS)
    timer.unref?.()
  })
  try {
    await Promise.race([
      Promise.resolve()
        .then(polite)
        .catch(() => {}),
      bound,
    ])
  } finally {
    clearTimeout(timer)
  }
  try {
    hard()
  } catch {
    // Already disconnected.
  }
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
