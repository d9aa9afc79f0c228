const marker = Symbol.for('layercache.error')

/**
 * Stable codes of every error layercache throws. Match on `error.code`, never on the message.
 *
 * @example
 * ```ts
 * try { await cache.set('', 1) } catch (error) {
 *   if (LayercacheError.isInstance(error) && error.code === errors.INVALID_KEY) { ... }
 * }
 * ```
 */
export const errors = {
  /** A key is empty, not a string, or longer than the key length limit. */
  INVALID_KEY: 'E_INVALID_KEY',
  /** A TTL or grace period is not a positive duration. */
  INVALID_TTL: 'E_INVALID_TTL',
  /** A duration string or number could not be parsed. */
  INVALID_DURATION: 'E_INVALID_DURATION',
  /** A tag is empty or not a string. */
  INVALID_TAG: 'E_INVALID_TAG',
  /** A namespace name contains characters outside `[A-Za-z0-9_.-]`. */
  INVALID_NAMESPACE: 'E_INVALID_NAMESPACE',
  /** An option has a value outside its documented range. */
  INVALID_OPTION: 'E_INVALID_OPTION',
  /** A value is larger than `maxValueBytes`. */
  VALUE_TOO_LARGE: 'E_VALUE_TOO_LARGE',
  /** A value cannot be stored: it holds a function, a symbol, a circular reference or an unsupported type. */
  UNSERIALIZABLE_VALUE: 'E_UNSERIALIZABLE_VALUE',
  /** Stored bytes could not be decoded (corrupt data or an unknown format version). */
  DECODE_FAILED: 'E_DECODE_FAILED',
  /** A loader did not finish before its hard timeout. */
  LOADER_TIMEOUT: 'E_LOADER_TIMEOUT',
  /** The cache was closed and can no longer be used. */
  CACHE_CLOSED: 'E_CACHE_CLOSED',
  /** A store (layer) failed: a Redis error, a lost connection, an open circuit. */
  STORE_FAILURE: 'E_STORE_FAILURE',
  /** A store (layer) did not answer within its timeout (it may still apply the command later). */
  STORE_TIMEOUT: 'E_STORE_TIMEOUT',
  /** A store does not support an operation (for example an atomic script it has no implementation for). */
  NOT_SUPPORTED: 'E_NOT_SUPPORTED',
} as const

/** One of the values of {@link errors}. */
export type ErrorCode = (typeof errors)[keyof typeof errors]

/** Options accepted by {@link LayercacheError}. */
export interface LayercacheErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown
}

/**
 * Base class of every error layercache throws. `isInstance` works across two copies of the package
 * in node_modules, where `instanceof` would not.
 *
 * Other packages subclass it with their own codes: `class LockError extends
 * LayercacheError<LockErrorCode>`.
 */
export class LayercacheError<TCode extends string = ErrorCode> extends Error {
  readonly code: TCode
  readonly [marker] = true

  constructor(code: TCode, message: string, options?: LayercacheErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LayercacheError'
    this.code = code
  }

  /** True when `error` is a layercache error (of any package), from any copy of the package. */
  static isInstance(error: unknown): error is LayercacheError<string> {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true
  }

  /** True when `error` is a layercache error with the given code. */
  static hasCode<TCode extends string>(error: unknown, code: TCode): error is LayercacheError<TCode> {
    return LayercacheError.isInstance(error) && error.code === code
  }
}

/** Shorthand used by validators: throw a {@link LayercacheError} with `code`. */
export function fail(code: ErrorCode, message: string, cause?: unknown): never {
  throw new LayercacheError(code, message, cause === undefined ? undefined : { cause })
}
