import { errors, fail } from '../errors.js'
import { isBase64, utf8ByteLength } from './binary.js'

type Zlib = typeof import('node:zlib')

// zlib is loaded on first use, not imported at the top: the module must load where `node:` modules
// do not exist (an Edge runtime). There, payloads are stored uncompressed, and a compressed one
// cannot be read (`E_DECODE_FAILED`, which the cache treats as a miss).
let zlib: Zlib | null | undefined
function loadZlib(): Zlib | undefined {
  zlib ??= (builtin('node:zlib') as Zlib | undefined) ?? null
  return zlib ?? undefined
}

function builtin(id: string): unknown {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return typeof runtime?.getBuiltinModule === 'function' ? runtime.getBuiltinModule(id) : undefined
  } catch {
    // Next's Edge sandbox offers every `process` function, and each throws when called.
    return undefined
  }
}

function zlibOrFail(): Zlib {
  const loaded = loadZlib()
  if (loaded === undefined)
    fail(errors.DECODE_FAILED, 'stored value is compressed, and this runtime has no node:zlib')
  return loaded
}

/** A compression algorithm of `node:zlib`. */
export type CompressionAlgorithm = 'deflate' | 'gzip' | 'brotli'

/**
 * How large serialized values are compressed before they are stored.
 *
 * @example
 * ```ts
 * const compression: CompressionOptions = { threshold: 4096, algorithm: 'brotli', level: 5 }
 * ```
 */
export interface CompressionOptions {
  /**
   * Payloads of at most this many bytes (UTF-8) are stored as they are: compressing small values
   * costs more time than it saves space.
   * @default 1024
   */
  threshold?: number
  /**
   * `'deflate'` (raw deflate, no header: the smallest output), `'gzip'` (adds a CRC check) or
   * `'brotli'` (smaller output, slower to write).
   * @default 'deflate'
   */
  algorithm?: CompressionAlgorithm
  /**
   * Effort: 0–9 for deflate and gzip, 0–11 for brotli; higher is smaller and slower.
   * @default 6 for deflate and gzip (zlib's default), 4 for brotli (its own default, 11, is too slow for a cache write)
   */
  level?: number
}

/** {@link CompressionOptions} with every default applied, as returned by {@link resolveCompression}. */
export interface ResolvedCompression {
  readonly threshold: number
  readonly algorithm: CompressionAlgorithm
  readonly level: number
}

/** Payloads at or below this many bytes are not compressed unless configured otherwise. */
export const DEFAULT_COMPRESSION_THRESHOLD = 1024
/** The algorithm used unless configured otherwise. */
export const DEFAULT_COMPRESSION_ALGORITHM: CompressionAlgorithm = 'deflate'
/** The deflate and gzip level used unless configured otherwise. */
export const DEFAULT_ZLIB_LEVEL = 6
/** The brotli quality used unless configured otherwise. */
export const DEFAULT_BROTLI_QUALITY = 4

// First character of every stored payload. Readers go by this, never by the current settings, so
// changing the algorithm (or turning compression off) never makes existing entries unreadable.
const RAW_PREFIX = 'r'

interface Codec {
  readonly prefix: string
  readonly maxLevel: number
  readonly defaultLevel: number
  compress(input: Buffer, level: number): Buffer
  decompress(input: Buffer, limit: ZlibOutputLimit | undefined): Buffer
}

/** zlib's option that stops inflating, with `ERR_BUFFER_TOO_LARGE`, once the output passes it. */
interface ZlibOutputLimit {
  readonly maxOutputLength: number
}

const codecs: Readonly<Record<CompressionAlgorithm, Codec>> = {
  deflate: {
    prefix: 'd',
    maxLevel: 9,
    defaultLevel: DEFAULT_ZLIB_LEVEL,
    compress: (input, level) => zlibOrFail().deflateRawSync(input, { level }),
    decompress: (input, limit) => zlibOrFail().inflateRawSync(input, limit),
  },
  gzip: {
    prefix: 'g',
    maxLevel: 9,
    defaultLevel: DEFAULT_ZLIB_LEVEL,
    compress: (input, level) => zlibOrFail().gzipSync(input, { level }),
    decompress: (input, limit) => zlibOrFail().gunzipSync(input, limit),
  },
  brotli: {
    prefix: 'b',
    maxLevel: 11,
    defaultLevel: DEFAULT_BROTLI_QUALITY,
    compress: (input, level) => {
      const { brotliCompressSync, constants } = zlibOrFail()
      return brotliCompressSync(input, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: level,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
        },
      })
    },
    decompress: (input, limit) => zlibOrFail().brotliDecompressSync(input, limit),
  },
}

const codecsByPrefix = new Map(Object.values(codecs).map((codec) => [codec.prefix, codec]))
// fatal: corrupt data that still inflates must fail loudly, not turn into U+FFFD characters.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })
// UTF-8 cannot carry an unpaired surrogate (it would come back as U+FFFD), so such text is stored raw.
const loneSurrogatePattern = /\p{Surrogate}/u

/**
 * Applies defaults to a layer's `compression` option: `undefined` or `true` means the defaults,
 * `false` means off (`undefined`). Throws `E_INVALID_OPTION` for values out of range.
 *
 * @example
 * ```ts
 * resolveCompression(true)                    // { threshold: 1024, algorithm: 'deflate', level: 6 }
 * resolveCompression({ algorithm: 'brotli' }) // { threshold: 1024, algorithm: 'brotli', level: 4 }
 * resolveCompression(false)                   // undefined
 * ```
 */
export function resolveCompression(
  options: CompressionOptions | boolean | undefined,
): ResolvedCompression | undefined {
  if (options === false) return undefined
  const given: CompressionOptions = options === true || options === undefined ? {} : options
  if (typeof given !== 'object' || given === null) {
    fail(errors.INVALID_OPTION, `compression must be a boolean or an options object, got ${typeof options}`)
  }
  const algorithm = given.algorithm ?? DEFAULT_COMPRESSION_ALGORITHM
  if (!Object.hasOwn(codecs, algorithm)) {
    fail(
      errors.INVALID_OPTION,
      `compression.algorithm must be 'deflate', 'gzip' or 'brotli', got ${String(algorithm)}`,
    )
  }
  const codec = codecs[algorithm]
  const threshold = given.threshold ?? DEFAULT_COMPRESSION_THRESHOLD
  if (typeof threshold !== 'number' || Number.isNaN(threshold) || threshold < 0) {
    fail(
      errors.INVALID_OPTION,
      `compression.threshold must be a number of bytes >= 0, got ${String(threshold)}`,
    )
  }
  const level = given.level ?? codec.defaultLevel
  if (!Number.isInteger(level) || level < 0 || level > codec.maxLevel) {
    fail(
      errors.INVALID_OPTION,
      `compression.level must be an integer from 0 to ${codec.maxLevel} for ${algorithm}, got ${String(level)}`,
    )
  }
  return Object.freeze({ threshold, algorithm, level })
}

/**
 * Prepares a serialized payload for storage: one prefix character, then the payload itself
 * (`r`, at or below the threshold, or when compressing would not make it smaller) or its
 * compressed bytes in base64 (`d` deflate, `g` gzip, `b` brotli). With `compression` undefined the
 * payload is only prefixed.
 *
 * @example
 * ```ts
 * compressPayload('j{"id":1}', resolveCompression(true)) // 'rj{"id":1}'
 * ```
 */
export function compressPayload(payload: string, compression: ResolvedCompression | undefined): string {
  if (compression === undefined || !exceedsThreshold(payload, compression.threshold))
    return RAW_PREFIX + payload
  if (loneSurrogatePattern.test(payload) || loadZlib() === undefined) return RAW_PREFIX + payload
  const codec = codecs[compression.algorithm]
  const input = Buffer.from(payload, 'utf8')
  const compressed = codec.compress(input, compression.level)
  // Compare what would be stored: base64 text against the raw UTF-8 bytes.
  if (Math.ceil(compressed.length / 3) * 4 >= input.length) return RAW_PREFIX + payload
  return codec.prefix + compressed.toString('base64')
}

/**
 * Reverses {@link compressPayload} whatever settings wrote the data, going only by its prefix.
 * Throws `E_DECODE_FAILED` for an unknown prefix or data that does not decompress.
 *
 * `maxBytes` bounds the payload's size once decompressed, in UTF-8 bytes, against decompression
 * bombs (a few hundred stored bytes can inflate to gigabytes). Compressed data is inflated with
 * zlib's `maxOutputLength`, so inflating stops as soon as it passes the limit, and a raw payload over
 * the limit is refused the same way: both throw `E_DECODE_FAILED` naming the limit. Without
 * `maxBytes` (or with `Infinity`) there is no limit. A `maxBytes` that is not a whole number `>= 0`
 * is refused with `E_INVALID_OPTION`.
 *
 * @example
 * ```ts
 * decompressPayload(compressPayload(text, resolveCompression({ algorithm: 'gzip' }))) === text // true
 * decompressPayload(untrustedPayload, 8 * 1024 * 1024) // E_DECODE_FAILED past 8 MiB, after inflating at most that
 * ```
 */
export function decompressPayload(stored: string, maxBytes?: number): string {
  const limit = checkedLimit(maxBytes)
  const prefix = typeof stored === 'string' ? stored.charAt(0) : ''
  if (prefix === RAW_PREFIX) {
    const payload = stored.slice(1)
    if (limit !== undefined && exceedsThreshold(payload, limit)) tooLarge(limit)
    return payload
  }
  const codec = codecsByPrefix.get(prefix)
  if (codec === undefined) {
    fail(errors.DECODE_FAILED, `stored value has an unknown compression prefix ${JSON.stringify(prefix)}`)
  }
  const body = stored.slice(1)
  if (body.length === 0 || !isBase64(body)) {
    fail(
      errors.DECODE_FAILED,
      `stored value has compression prefix ${JSON.stringify(prefix)} but is not base64`,
    )
  }
  let inflated: Buffer
  try {
    // zlib's maxOutputLength must be at least 1; a limit of 0 is then checked below, on one byte.
    inflated = codec.decompress(
      Buffer.from(body, 'base64'),
      limit === undefined ? undefined : { maxOutputLength: Math.max(1, limit) },
    )
  } catch (error) {
    if (limit !== undefined && (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      tooLarge(limit, error)
    }
    undecodable(error)
  }
  if (limit !== undefined && inflated.length > limit) tooLarge(limit)
  try {
    return utf8Decoder.decode(inflated)
  } catch (error) {
    undecodable(error)
  }
}

// The limit to enforce, or undefined for none. Past Buffer's own maximum zlib cannot go anyway.
function checkedLimit(maxBytes: number | undefined): number | undefined {
  if (maxBytes === undefined || maxBytes === Number.POSITIVE_INFINITY) return undefined
  if (!Number.isInteger(maxBytes) || maxBytes < 0) {
    fail(
      errors.INVALID_OPTION,
      `maxBytes must be a whole number of bytes >= 0 or Infinity, got ${String(maxBytes)}`,
    )
  }
  return maxBytes >= bufferMaxLength() ? undefined : maxBytes
}

/** Buffer's own maximum length, looked up once: `checkedLimit` runs on every read. */
let knownBufferMaxLength: number | undefined
function bufferMaxLength(): number {
  if (knownBufferMaxLength === undefined) {
    const bufferModule = builtin('node:buffer') as typeof import('node:buffer') | undefined
    knownBufferMaxLength = bufferModule?.constants.MAX_LENGTH ?? Number.POSITIVE_INFINITY
  }
  return knownBufferMaxLength
}

function tooLarge(limit: number, cause?: unknown): never {
  fail(
    errors.DECODE_FAILED,
    `stored value is more than ${limit} bytes once decompressed, which is over the limit`,
    cause,
  )
}

function undecodable(error: unknown): never {
  const reason = error instanceof Error ? error.message : String(error)
  fail(errors.DECODE_FAILED, `stored value could not be decompressed: ${reason}`, error)
}

// Avoids measuring the UTF-8 length when the UTF-16 length already decides it (1 to 3 bytes each).
function exceedsThreshold(payload: string, threshold: number): boolean {
  if (payload.length > threshold) return true
  if (payload.length * 3 <= threshold) return false
  return utf8ByteLength(payload) > threshold
}
