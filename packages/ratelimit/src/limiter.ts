import { invalidOption } from './errors.js'

/** The algorithms a {@link Limiter} may use. */
export type LimiterAlgorithm = 'fixedWindow' | 'slidingWindow' | 'slidingLog' | 'tokenBucket' | 'gcra'

/**
 * One limit, made by `RateLimit.fixedWindow`, `slidingWindow`, `slidingLog`, `tokenBucket` or `gcra`.
 * A `RateLimit` applies one limiter or several at once (all or nothing).
 */
export interface Limiter {
  readonly algorithm: LimiterAlgorithm
  /** The policy name in `RateLimit` / `RateLimit-Policy` headers; unique within one `RateLimit`. */
  readonly name: string
  /** The capacity: the most tokens that can be spent at once (`limit` in responses). */
  readonly limit: number
  /** Milliseconds for a fully spent limiter to recover completely (`w` in `RateLimit-Policy`). */
  readonly window: number
  /** The algorithm's code in the script's ARGV. */
  readonly code: string
  /** The algorithm's three numeric parameters in the script's ARGV. */
  readonly parameters: readonly [number, number, number]
  /** The last segment of this limit's key: the algorithm and its parameters. */
  readonly keySuffix: string
}

/** Options every limiter accepts. */
export interface LimiterOptions {
  /**
   * The policy name shown in `RateLimit` and `RateLimit-Policy` headers (printable ASCII, no `"` or `\`).
   * @default derived from the algorithm and its parameters, e.g. `'sliding-window-100-per-1m'`
   */
  name?: string
}

const namePattern = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,100}$/

/** Builds a frozen {@link Limiter}; the factories validate their own parameters first. */
export function createLimiter(
  algorithm: LimiterAlgorithm,
  code: string,
  parameters: readonly [number, number, number],
  shape: { limit: number; window: number; defaultName: string },
  options: LimiterOptions | undefined,
): Limiter {
  const name = options?.name ?? shape.defaultName
  if (typeof name !== 'string' || !namePattern.test(name)) {
    invalidOption(`limiter name must be 1 to 100 printable ASCII characters without '"' or '\\', got ${name}`)
  }
  return Object.freeze({
    algorithm,
    name,
    limit: shape.limit,
    window: shape.window,
    code,
    parameters: Object.freeze([...parameters]) as readonly [number, number, number],
    keySuffix: `${code}:${parameters.join(':')}`,
  })
}

/** A window in the largest whole unit: `'1s'`, `'90s'`, `'1500ms'`, `'1d'`. */
export function formatWindow(milliseconds: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ]
  for (const [size, unit] of units) if (milliseconds % size === 0) return `${milliseconds / size}${unit}`
  return `${milliseconds}ms`
}

/** Checks the `limiter` option: one limiter or a non-empty list, no two with the same key or name. */
export function checkLimiters(limiter: Limiter | readonly Limiter[]): readonly Limiter[] {
  const limiters: readonly Limiter[] = Array.isArray(limiter) ? limiter : [limiter as Limiter]
  if (limiters.length === 0) invalidOption('limiter must be a limiter or a non-empty array of limiters')
  const suffixes = new Set<string>()
  const names = new Set<string>()
  for (const item of limiters) {
    if (typeof item?.keySuffix !== 'string' || !Array.isArray(item.parameters)) {
      invalidOption(
        'limiter must be made by RateLimit.fixedWindow, slidingWindow, slidingLog, tokenBucket or gcra',
      )
    }
    if (suffixes.has(item.keySuffix)) invalidOption(`the same limit is given twice: ${item.name}`)
    if (names.has(item.name)) invalidOption(`two limiters are named ${item.name}; names must be unique`)
    suffixes.add(item.keySuffix)
    names.add(item.name)
  }
  return Object.freeze([...limiters])
}
