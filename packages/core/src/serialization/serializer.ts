import { errors, fail, LayercacheError } from '../errors.js'
import { decodeTagged } from './tagged-json-decode.js'
import {
  type EncodeBudget,
  type EncodeWalk,
  encodeTaggedObject,
  encodeTaggedPrimitive,
  isPlainJson,
} from './tagged-json-encode.js'
import { guardWalk } from './value-walk.js'

/**
 * Turns values into strings and back, for layers that store text (Redis). `deserialize` receives
 * data from outside the process: it must never run code or change a prototype, and must throw
 * `E_DECODE_FAILED` rather than return something it cannot vouch for.
 *
 * @example
 * ```ts
 * const plainJson: Serializer = {
 *   name: 'my-json',
 *   serialize: (value) => JSON.stringify(value),
 *   deserialize: (payload) => JSON.parse(payload),
 * }
 * ```
 */
export interface Serializer {
  /** A short, stable name, used in error messages and diagnostics. */
  readonly name: string
  /**
   * Encodes `value`; throws `E_UNSERIALIZABLE_VALUE` for values it cannot represent, and for values
   * whose reading throws (a getter, a proxy trap), with the thrown error as `cause`. `maxBytes` is
   * the size limit of the layers the payload is for: a serializer may throw `E_VALUE_TOO_LARGE` as
   * soon as it knows the payload would be longer in UTF-8 bytes, rather than build it. The cache
   * measures the payload it returns against the limit in any case.
   */
  serialize(value: unknown, maxBytes?: number): string
  /** Decodes what `serialize` produced; throws `E_DECODE_FAILED` for anything else. */
  deserialize(payload: string): unknown
}

// First character of every typed-json payload. Unknown prefixes are refused, so a future format can
// take a new letter without old readers misreading it.
const PLAIN_JSON_PREFIX = 'j'
const TAGGED_JSON_PREFIX = 't'

/**
 * The default serializer: JSON text that keeps types. A payload is one prefix character, then JSON:
 *
 * - `j` — the value is plain JSON data (strings, finite numbers, booleans, null, plain objects,
 *   dense arrays), written by `JSON.stringify` unchanged: compact, and decoded by `JSON.parse` alone.
 * - `t` — anything else. Special values are written as `{"$t": tag, "v": data}`: `undefined`,
 *   `Number` (`"NaN"`, `"Infinity"`, `"-Infinity"`, `"-0"`), `BigInt` (decimal string), `Date`
 *   (epoch milliseconds, `null` for an Invalid Date), `Map` (`[[key, value], …]`), `Set`, `RegExp`
 *   (`v` source, `f` flags), and base64 bytes for `Buffer`, `ArrayBuffer`, `DataView` and each typed
 *   array by class name (`Float64Array`; bytes in platform order, little-endian on every platform
 *   Node supports). An object key starting with `$` is written with one more `$` (`$id` → `$$id`),
 *   so a plain object can never be read back as a tagged value.
 *
 * With `maxBytes`, values are refused with `E_VALUE_TOO_LARGE` while they are walked, once the
 * strings, keys and bytes seen so far are more than the payload may hold, before any text is built.
 *
 * Objects with a `null` prototype come back as ordinary plain objects. Refuses what
 * {@link snapshotValue} refuses (functions, symbols, cycles, class instances, sparse arrays, arrays
 * with extra properties, values whose getters throw...), with `E_UNSERIALIZABLE_VALUE`.
 *
 * @example
 * ```ts
 * typedJsonSerializer.serialize({ id: 1 })               // 'j{"id":1}'
 * typedJsonSerializer.serialize({ at: new Date(0) })     // 't{"at":{"$t":"Date","v":0}}'
 * typedJsonSerializer.deserialize('t{"$$t":1}')           // { $t: 1 }
 * ```
 */
export const typedJsonSerializer: Serializer = Object.freeze({
  name: 'typed-json',
  serialize(value: unknown, maxBytes?: number): string {
    if (readsAsPlainJson(value, sizeBudget(maxBytes))) return PLAIN_JSON_PREFIX + stringify(value)
    const walk: EncodeWalk = { path: [], ancestors: [], budget: sizeBudget(maxBytes) }
    const tree =
      typeof value === 'object' && value !== null
        ? guardWalk(value, walk, encodeTaggedObject)
        : encodeTaggedPrimitive(value, walk)
    return TAGGED_JSON_PREFIX + stringify(tree)
  },
  deserialize(payload: string): unknown {
    const prefix = typeof payload === 'string' ? payload.charAt(0) : ''
    if (prefix !== PLAIN_JSON_PREFIX && prefix !== TAGGED_JSON_PREFIX) {
      fail(
        errors.DECODE_FAILED,
        `stored value is not typed JSON (unknown format prefix ${JSON.stringify(prefix)})`,
      )
    }
    const parsed = parseJson(payload.slice(1))
    if (prefix === PLAIN_JSON_PREFIX) return parsed
    try {
      return decodeTagged(parsed)
    } catch (error) {
      if (LayercacheError.isInstance(error)) throw error
      const reason = error instanceof Error ? error.message : String(error)
      fail(errors.DECODE_FAILED, `stored value is not valid typed JSON: ${reason}`, error)
    }
  },
})

/**
 * Plain `JSON.stringify` / `JSON.parse`, with no prefix, for sharing a store with programs that
 * read and write ordinary JSON. Types are lost the way JSON loses them: a Date comes back as a
 * string, `undefined` properties and Map/Set contents disappear, NaN becomes null. Throws
 * `E_UNSERIALIZABLE_VALUE` when JSON cannot represent the value at all (a BigInt, a cycle, a bare
 * function or `undefined`).
 *
 * @example
 * ```ts
 * jsonSerializer.serialize({ at: new Date(0) }) // '{"at":"1970-01-01T00:00:00.000Z"}'
 * ```
 */
export const jsonSerializer: Serializer = Object.freeze({
  name: 'json',
  serialize(value: unknown): string {
    let payload: string | undefined
    try {
      payload = JSON.stringify(value)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      fail(errors.UNSERIALIZABLE_VALUE, `value cannot be written as JSON: ${reason}`, error)
    }
    if (payload === undefined)
      fail(errors.UNSERIALIZABLE_VALUE, `value is ${typeof value}, which JSON cannot represent`)
    return payload
  },
  deserialize(payload: string): unknown {
    return parseJson(payload)
  },
})

/** A budget of `maxBytes` less the one-character prefix; none without a limit. */
function sizeBudget(maxBytes: number | undefined): EncodeBudget | undefined {
  if (maxBytes === undefined || maxBytes === Number.POSITIVE_INFINITY) return undefined
  return {
    left: maxBytes - 1,
    refuse: () => fail(errors.VALUE_TOO_LARGE, `the value is over ${maxBytes} bytes once serialized`),
  }
}

// The plain check reads getters and proxy traps. When one throws, the value is not plain: the tagged
// walk reads it again and refuses it with E_UNSERIALIZABLE_VALUE, naming the path that threw. A value
// over the size limit is refused at once.
function readsAsPlainJson(value: unknown, budget: EncodeBudget | undefined): boolean {
  try {
    return isPlainJson(value, budget)
  } catch (error) {
    if (LayercacheError.hasCode(error, errors.VALUE_TOO_LARGE)) throw error
    return false
  }
}

// A getter can still throw here, on its second read, and a huge value can pass the string limit.
function stringify(tree: unknown): string {
  try {
    return JSON.stringify(tree)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    fail(errors.UNSERIALIZABLE_VALUE, `value could not be written as JSON: ${reason}`, error)
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    fail(errors.DECODE_FAILED, `stored value is not valid JSON: ${reason}`, error)
  }
}
