/**
 * Where the cache logs: `console` fits, and so do pino and winston loggers.
 *
 * @example
 * ```ts
 * const cache = createCache({ logger: console })
 * ```
 */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
  debug?(message: string, details?: Record<string, unknown>): void
}
