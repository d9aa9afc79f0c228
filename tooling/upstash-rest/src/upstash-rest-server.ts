import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { runCommand, runMultiExec, runPipeline } from './command-runner.js'
import { parseCommand, parseCommandList, parseJsonBody, type RestCommand } from './rest-command.js'
import { RestRequestError, statusForError } from './rest-request-error.js'
import { streamSubscription } from './subscription-stream.js'

/** Options for {@link startUpstashRestServer}. */
export interface UpstashRestServerOptions {
  /** The Redis every command is forwarded to, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string
  /**
   * The bearer token clients must send. Never logged or echoed back.
   * @default a random 32-character hex string
   */
  token?: string
  /**
   * The port to listen on, on 127.0.0.1.
   * @default 0 (a free port chosen by the operating system)
   */
  port?: number
}

/** A running server; pass `url` and `token` to `new Redis({ url, token })` from `@upstash/redis`. */
export interface UpstashRestServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string
  /** The token clients must send as `Authorization: Bearer <token>`. */
  token: string
  /** Ends open streams, stops listening and closes the Redis connections. */
  close(): Promise<void>
}

/** Upstash's own limit is 1 MB on small plans; tests of large values need more headroom. */
const MAX_BODY_BYTES = 16 * 1024 * 1024
const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT'])

/**
 * Starts an HTTP server speaking the Upstash Redis REST protocol, enough for `@upstash/redis` 1.x to
 * run unmodified against a local Redis: `POST /` (one command), `/pipeline`, `/multi-exec`,
 * `/subscribe` and `/psubscribe` (server-sent events), and `/<command>/<arg>...` paths.
 *
 * @example
 * ```ts
 * const server = await startUpstashRestServer({ redisUrl: 'redis://127.0.0.1:6379' })
 * const redis = new Redis({ url: server.url, token: server.token }) // from @upstash/redis
 * await redis.set('greeting', 'hello')
 * await server.close()
 * ```
 */
export async function startUpstashRestServer(options: UpstashRestServerOptions): Promise<UpstashRestServer> {
  const token = options.token ?? randomBytes(16).toString('hex')
  const tokenDigest = sha256(token)
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectionName: 'layercache-upstash-rest',
    // Upstash answers with RESP2's shapes (flat WITHSCORES lists, scores as strings); ioredis 6 would
    // speak RESP3 by default and hand back nested pairs and doubles.
    protocol: 2,
  })
  // Failures reach callers as `{ error }` answers; the event itself would only crash the process.
  let lastConnectionError: Error | undefined
  redis.on('error', (error: Error) => {
    lastConnectionError = error
  })
  try {
    await redis.connect()
  } catch (error) {
    // Otherwise ioredis keeps reconnecting in the background and holds the process open.
    redis.disconnect()
    const reason = (lastConnectionError ?? (error as Error)).message
    // host:port only: the URL may carry a password.
    throw new Error(
      `Upstash REST server cannot reach Redis at ${redis.options.host}:${redis.options.port}: ${reason}`,
    )
  }
  const streams = new Set<() => void>()

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.end()
      sendJson(response, statusForError(error), { error: error instanceof Error ? error.message : 'ERR' })
    })
  })

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (!ALLOWED_METHODS.has(request.method ?? '')) throw new RestRequestError(405, 'ERR method not allowed')
    if (!isAuthorized(request, url, tokenDigest)) throw new RestRequestError(401, 'Unauthorized')
    const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64'
    const [endpoint, ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const body = await readBody(request)
    switch (endpoint?.toLowerCase()) {
      case undefined:
        return sendJson(response, 200, {
          result: await runCommand(redis, parseCommand(parseJsonBody(body)), base64),
        })
      case 'pipeline':
        return sendJson(
          response,
          200,
          await runPipeline(redis, parseCommandList(parseJsonBody(body)), base64),
        )
      case 'multi-exec':
        return sendJson(
          response,
          200,
          await runMultiExec(redis, parseCommandList(parseJsonBody(body)), base64),
        )
      case 'subscribe':
      case 'psubscribe': {
        if (rest.length === 0) throw new RestRequestError(400, `ERR ${endpoint} needs a channel in the path`)
        const stop = await streamSubscription(redis, endpoint.toLowerCase() as 'subscribe', rest, response)
        streams.add(stop)
        response.on('close', () => streams.delete(stop))
        return
      }
      default: {
        const command = pathCommand([endpoint!, ...rest], body, url.searchParams)
        return sendJson(response, 200, { result: await runCommand(redis, parseCommand(command), base64) })
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      for (const stop of streams) stop()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/**
 * Upstash's path form: `/set/key/value?EX=100`, where a POST body is appended as the last argument
 * before the query parameters.
 */
function pathCommand(segments: string[], body: string, query: URLSearchParams): RestCommand {
  const command = [...segments] as RestCommand
  if (body.length > 0) command.push(body)
  for (const [name, value] of query) if (name !== '_token') command.push(name, value)
  return command
}

function isAuthorized(request: IncomingMessage, url: URL, tokenDigest: Buffer): boolean {
  const header = request.headers.authorization ?? ''
  const presented = header.startsWith('Bearer ')
    ? header.slice('Bearer '.length)
    : url.searchParams.get('_token')
  // Comparing fixed-length digests keeps the check constant-time whatever the presented length.
  return presented !== null && timingSafeEqual(sha256(presented), tokenDigest)
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new RestRequestError(413, 'ERR max request size exceeded')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(payload))
}
