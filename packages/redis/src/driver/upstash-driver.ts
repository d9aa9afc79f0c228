import {
  normalizeReply,
  type RedisCommand,
  type RedisDriver,
  RedisReplyError,
  type Subscriber,
  type SubscriberHandlers,
} from './redis-driver.js'
import { resubscribing } from './resubscribing.js'

interface UpstashResponse {
  result?: unknown
  error?: string
}

interface UpstashRequester {
  request(request: { path?: string[]; body?: unknown }): Promise<UpstashResponse | UpstashResponse[]>
}

/** The parts of an `@upstash/redis` client used here. */
export interface UpstashLike {
  exec(command: [string, ...(string | number)[]]): Promise<unknown>
  subscribe?(channels: string | string[]): UpstashSubscriber
}

/** What `@upstash/redis`'s `subscribe()` returns (its `Subscriber`). */
interface UpstashSubscriber {
  on(event: string, listener: (data: unknown) => void): void
  unsubscribe(): Promise<void>
}

/** True when `client` looks like an `@upstash/redis` client. */
export function isUpstash(client: unknown): client is UpstashLike {
  const candidate = client as { exec?: unknown; client?: { request?: unknown } } | null
  return typeof candidate?.exec === 'function' && typeof candidate.client?.request === 'function'
}

/**
 * A driver over @upstash/redis (REST over HTTP). Commands go through the client's own requester —
 * same URL, token, retries and encoding as the user's client — because the client's public methods
 * JSON-parse string replies by default, which would turn a reply such as "2.5" or "null" into another
 * type. Pipelines use the `/pipeline` endpoint: one HTTP request for the whole batch.
 */
export function upstashDriver(client: UpstashLike): RedisDriver {
  const requester = (client as unknown as { client: UpstashRequester }).client
  // Upstash answers a Redis error with HTTP 400, which the requester throws as an UpstashError: that is
  // a reply from Redis, not a failed connection. Its message echoes the command; keep only the error.
  const request = async (body: Parameters<UpstashRequester['request']>[0]) => {
    try {
      return await requester.request(body)
    } catch (error) {
      if (error instanceof Error && error.name === 'UpstashError') {
        throw new RedisReplyError(error.message.replace(/, command was: [\s\S]*$/, ''))
      }
      throw error
    }
  }
  const sendPipeline = async (commands: readonly RedisCommand[]): Promise<unknown[]> => {
    const responses = (await request({
      path: ['pipeline'],
      body: commands.map((command) => [...command]),
    })) as UpstashResponse[] | UpstashResponse
    if (!Array.isArray(responses)) throw new Error(responses.error ?? 'unexpected pipeline response')
    return responses.map((response) =>
      response.error !== undefined ? new RedisReplyError(response.error) : normalizeReply(response.result),
    )
  }
  // Over HTTP a request costs far more than a command: single commands issued in the same tick travel
  // together in one /pipeline request, each caller still getting its own reply or error.
  let queued: {
    command: RedisCommand
    resolve: (reply: unknown) => void
    reject: (error: unknown) => void
  }[] = []
  const flush = () => {
    const batch = queued
    queued = []
    sendPipeline(batch.map((item) => item.command)).then(
      (replies) =>
        batch.forEach((item, index) => {
          const reply = replies[index]
          if (reply instanceof Error) item.reject(reply)
          else item.resolve(reply)
        }),
      (error: unknown) => {
        for (const item of batch) item.reject(error)
      },
    )
  }
  const call = (command: RedisCommand) =>
    new Promise<unknown>((resolve, reject) => {
      if (queued.length === 0) queueMicrotask(flush)
      queued.push({ command, resolve, reject })
    })
  return {
    kind: 'upstash',
    cluster: false,
    call,
    async batch(commands) {
      return commands.length === 0 ? [] : sendPipeline(commands)
    },
    async forEachMaster(each) {
      await each(call)
    },
    // Over HTTP there is no connection to watch: a request fails, or it does not.
    available: () => true,
    openSubscriber: (channel, handlers) => subscribeOverSse(client, channel, handlers),
    subscribe: (channel, handlers) =>
      resubscribing((name, events) => subscribeOverSse(client, name, events), channel, handlers),
  }
}

/**
 * Subscribes through `@upstash/redis`'s `subscribe()`: one server-sent-events request per channel.
 * Its subscriber emits `subscribe` when the server sends the `subscribe,<channel>,<count>` line (after
 * the server subscribed), `message` for each message (JSON-parsed when it parses), and `error` only
 * when the request itself fails. A stream that ends, or breaks while being read, emits nothing at all
 * (the client logs the read error): only silence tells, which is what the bus's heartbeats are for.
 * A server that never sends the `subscribe` line still proves the stream by delivering a message, so
 * the first message confirms the subscription too.
 */
function subscribeOverSse(client: UpstashLike, channel: string, handlers: SubscriberHandlers): Subscriber {
  if (typeof client.subscribe !== 'function')
    throw new Error('this @upstash/redis client has no subscribe(): upgrade @upstash/redis')
  const subscriber = client.subscribe(channel)
  let open = true
  let confirmed = false
  const confirm = () => {
    if (!open || confirmed) return
    confirmed = true
    handlers.onSubscribed()
  }
  subscriber.on('subscribe', confirm)
  subscriber.on('message', (event) => {
    confirm()
    const message = (event as { message: unknown }).message
    if (open) handlers.onMessage(typeof message === 'string' ? message : JSON.stringify(message))
  })
  subscriber.on('error', (error) => {
    if (open) handlers.onBroken(error)
  })
  return {
    async close() {
      open = false
      // Aborts the request: nothing to quit politely.
      await subscriber.unsubscribe().catch(() => {})
    },
  }
}
