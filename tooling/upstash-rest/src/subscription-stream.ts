import type { ServerResponse } from 'node:http'
import type { Redis } from 'ioredis'

/** Which Upstash streaming endpoint was called: `/subscribe/<channel>` or `/psubscribe/<pattern>`. */
export type SubscriptionKind = 'subscribe' | 'psubscribe'

/**
 * Serves `/subscribe/...` and `/psubscribe/...` as server-sent events, the way `@upstash/redis`'s
 * `redis.subscribe()` reads them: `data: subscribe,<channel>,<count>` once per channel, then
 * `data: message,<channel>,<message>` (or `pmessage,<pattern>,<channel>,<message>`).
 *
 * Each stream gets its own Redis connection, because a subscribed connection cannot run other
 * commands; it is closed when the HTTP client goes away. Messages are sent as UTF-8 text, not
 * base64, because the client does not decode streamed data. A message containing a newline arrives
 * split, as the SSE framing has no escape for it.
 *
 * @returns a function that ends the stream and its connection, for server shutdown.
 * @example
 * ```ts
 * const stop = await streamSubscription(redis, 'subscribe', ['news'], response)
 * ```
 */
export async function streamSubscription(
  redis: Redis,
  kind: SubscriptionKind,
  targets: string[],
  response: ServerResponse,
): Promise<() => void> {
  const subscriber = redis.duplicate({ lazyConnect: true })
  // A failing connection ends the stream below; the event itself would only crash the process.
  subscriber.on('error', () => {})
  const stop = () => {
    subscriber.disconnect()
    response.end()
  }
  await subscriber.connect()
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })
  response.flushHeaders()
  const send = (fields: (string | Buffer)[]) => response.write(`data: ${fields.join(',')}\n\n`)
  subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => send(['message', channel, message]))
  subscriber.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, message: Buffer) =>
    send(['pmessage', pattern, channel, message]),
  )
  subscriber.on('end', () => response.end())
  response.on('close', () => subscriber.disconnect())
  for (const target of targets) {
    const count =
      kind === 'subscribe' ? await subscriber.subscribe(target) : await subscriber.psubscribe(target)
    send([kind, target, String(count)])
  }
  return stop
}
