/**
 * A request the REST server refuses before it reaches Redis. `status` is the HTTP status to answer
 * with; the message goes into Upstash's `{ error }` body, so it must never contain the token.
 *
 * @example
 * ```ts
 * throw new RestRequestError(400, 'ERR command must be a non-empty JSON array')
 * ```
 */
export class RestRequestError extends Error {
  /** HTTP status code sent with the `{ error }` body. */
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.name = 'RestRequestError'
    this.status = status
  }
}

/**
 * The HTTP status for an error raised while serving a request: Redis reply errors (WRONGTYPE,
 * NOSCRIPT, EXECABORT...) are the caller's fault and get 400 as on Upstash; anything else, such as a
 * lost connection to Redis, is the server's and gets 500.
 *
 * @example
 * ```ts
 * statusForError(new RestRequestError(413, 'too big')) // 413
 * ```
 */
export function statusForError(error: unknown): number {
  if (error instanceof RestRequestError) return error.status
  if (error instanceof Error && error.name === 'ReplyError') return 400
  return 500
}
