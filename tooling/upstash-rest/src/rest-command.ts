import { RestRequestError } from './rest-request-error.js'

/** A Redis command as sent to Redis: the name first, then every argument as a string. */
export type RestCommand = [name: string, ...args: string[]]

/**
 * Commands that would change the state of the shared connection (or hold it forever), so one caller
 * could break every other caller. Upstash refuses most of these too; subscriptions have their own
 * `/subscribe` endpoint.
 */
const UNSUPPORTED_COMMANDS = new Set([
  'auth',
  'client',
  'discard',
  'exec',
  'hello',
  'monitor',
  'multi',
  'psubscribe',
  'punsubscribe',
  'quit',
  'reset',
  'select',
  'ssubscribe',
  'subscribe',
  'sunsubscribe',
  'unsubscribe',
  'unwatch',
  'watch',
])

/**
 * Validates one command from a JSON body, e.g. `["SET", "key", "value", "EX", 100]`. Numbers and
 * booleans become strings, as Redis sees them; objects are JSON-encoded, like `@upstash/redis` does.
 *
 * @example
 * ```ts
 * parseCommand(['set', 'k', 1]) // ['set', 'k', '1']
 * ```
 */
export function parseCommand(value: unknown): RestCommand {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'string') {
    throw new RestRequestError(400, 'ERR command must be a non-empty JSON array starting with its name')
  }
  const [name, ...args] = value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
  if (UNSUPPORTED_COMMANDS.has(name!.toLowerCase())) {
    throw new RestRequestError(400, `ERR command '${name}' is not supported by this REST server`)
  }
  return [name!, ...args]
}

/**
 * Validates the body of `/pipeline` and `/multi-exec`: a non-empty array of commands.
 *
 * @example
 * ```ts
 * parseCommandList([['set', 'k', 'v'], ['get', 'k']])
 * ```
 */
export function parseCommandList(value: unknown): RestCommand[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RestRequestError(400, 'ERR body must be a non-empty JSON array of commands')
  }
  return value.map(parseCommand)
}

/**
 * Parses a request body as JSON, answering 400 rather than 500 when it is not.
 *
 * @example
 * ```ts
 * parseJsonBody('["ping"]') // ['ping']
 * ```
 */
export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    throw new RestRequestError(400, 'ERR request body is not valid JSON')
  }
}
