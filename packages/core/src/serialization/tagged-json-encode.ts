// Turns a value into a tree JSON.stringify can write without losing anything. Special values
// become tagged objects, {"$t": <tag>, "v": <data>}; every user key starting with '$' gets one
// more '$', so no plain object can ever be mistaken for a tagged value.
import { bytesToBase64, utf8ByteLength } from './binary.js'
import {
  assertOnlyElementKeys,
  enterContainer,
  hasOnlyElementKeys,
  kindOf,
  leaveContainer,
  type PathSegment,
  refuseHoleAt,
  refusePrimitive,
  setOwn,
  type WalkState,
} from './value-walk.js'

/** A tagged value: `{"$t":"Date","v":1700000000000}`. `f` holds RegExp flags. */
export interface TaggedValue {
  $t: string
  v?: unknown
  f?: string
}

const DOLLAR_CHAR_CODE = 36
// A cycle in a "plain" value would recurse forever in the fast check; past this depth the check
// gives up and the tagged encoder, which detects cycles, takes over.
const MAX_PLAIN_DEPTH = 1000
const undefinedTag: TaggedValue = Object.freeze({ $t: 'undefined' })

/**
 * What is left of a size limit while a value is encoded. Walks spend a lower bound of what each part
 * adds to the JSON text in UTF-8 bytes (a string's own bytes and its quotes, a key with its quotes
 * and colon, one byte per number...), so `refuse` is called only for payloads that would be over the
 * limit, and before the whole text is built.
 */
export interface EncodeBudget {
  left: number
  readonly refuse: () => never
}

/** A walk of the tagged encoder, with its budget when the payload has a size limit. */
export interface EncodeWalk extends WalkState {
  readonly budget?: EncodeBudget | undefined
}

function spend(budget: EncodeBudget | undefined, bytes: number): void {
  if (budget !== undefined && (budget.left -= bytes) < 0) budget.refuse()
}

// Lower bounds of the JSON text of each part, in UTF-8 bytes.
const QUOTES_BYTES = 2
const KEY_PUNCTUATION_BYTES = 3
const CONTAINER_BYTES = 2
const MIN_NUMBER_BYTES = 1
const LITERAL_BYTES = 4

/**
 * True when `JSON.stringify(value)` round-trips exactly: only strings, finite numbers other than
 * -0, booleans, null, plain objects without `undefined` properties, and dense arrays without extra
 * properties. Keys need no escaping in that case, since nothing in the output is read as a tag.
 */
export function isPlainJson(value: unknown, budget?: EncodeBudget, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
      spend(budget, QUOTES_BYTES + utf8ByteLength(value))
      return true
    case 'boolean':
      spend(budget, LITERAL_BYTES)
      return true
    case 'number':
      spend(budget, MIN_NUMBER_BYTES)
      return Number.isFinite(value) && (value !== 0 || 1 / value > 0)
    case 'object':
      break
    default:
      return false
  }
  if (value === null) {
    spend(budget, LITERAL_BYTES)
    return true
  }
  if (depth > MAX_PLAIN_DEPTH) return false
  spend(budget, CONTAINER_BYTES)
  const prototype = Object.getPrototypeOf(value) as object | null
  if (prototype === Array.prototype) {
    const array = value as readonly unknown[]
    for (let index = 0; index < array.length; index++) {
      if (!isPlainJson(array[index], budget, depth + 1)) return false
    }
    // A hole reads as undefined, refused above; extra properties are found by counting keys.
    return hasOnlyElementKeys(array)
  }
  if (prototype !== Object.prototype && prototype !== null) return false
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    spend(budget, KEY_PUNCTUATION_BYTES + utf8ByteLength(key))
    if (!isPlainJson(record[key], budget, depth + 1)) return false
  }
  return true
}

/** Encodes `value` (an object) into a JSON-safe tree of tagged values; see the file comment. */
export function encodeTaggedObject(value: object, walk: EncodeWalk): unknown {
  const kind = kindOf(value, walk)
  // Tags and their punctuation are left out of the bound; the data they hold is counted.
  spend(walk.budget, CONTAINER_BYTES)
  switch (kind) {
    case 'object':
    case 'array':
    case 'map':
    case 'set': {
      enterContainer(value, walk)
      const encoded =
        kind === 'object'
          ? encodePlainObject(value as Record<string, unknown>, walk)
          : kind === 'array'
            ? encodeArray(value as readonly unknown[], walk)
            : encodeCollection(value as ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>, walk)
      leaveContainer(walk)
      return encoded
    }
    case 'date': {
      const time = (value as Date).getTime()
      return { $t: 'Date', v: Number.isNaN(time) ? null : time }
    }
    case 'regexp':
      spend(walk.budget, utf8ByteLength((value as RegExp).source))
      return { $t: 'RegExp', v: (value as RegExp).source, f: (value as RegExp).flags }
    case 'buffer':
      return { $t: 'Buffer', v: encodeBytes(value as Uint8Array, walk) }
    case 'typed-array':
      return { $t: (value as Uint8Array)[Symbol.toStringTag], v: encodeBytes(value as Uint8Array, walk) }
    case 'array-buffer':
      return { $t: 'ArrayBuffer', v: encodeBytes(new Uint8Array(value as ArrayBuffer), walk) }
    case 'data-view':
      return { $t: 'DataView', v: encodeBytes(value as DataView, walk) }
  }
}

// Base64 is 4 characters for every 3 bytes, so the bound is known before the text is made.
function encodeBytes(view: ArrayBufferView, walk: EncodeWalk): string {
  spend(walk.budget, QUOTES_BYTES + 4 * Math.ceil(view.byteLength / 3))
  return bytesToBase64(view)
}

function encodeChild(child: unknown, walk: EncodeWalk, segment: PathSegment): unknown {
  switch (typeof child) {
    case 'string':
      spend(walk.budget, QUOTES_BYTES + utf8ByteLength(child))
      return child
    case 'boolean':
      spend(walk.budget, LITERAL_BYTES)
      return child
    case 'number':
      spend(walk.budget, MIN_NUMBER_BYTES)
      return encodeNumber(child)
    case 'bigint':
      return { $t: 'BigInt', v: child.toString() }
    case 'undefined':
      return undefinedTag
    case 'object': {
      if (child === null) return null
      walk.path.push(segment)
      const encoded = encodeTaggedObject(child, walk)
      walk.path.pop()
      return encoded
    }
    default:
      return refusePrimitive(child, walk, segment)
  }
}

/** Encodes a primitive at the root of a value (where there is no parent to name in a refusal). */
export function encodeTaggedPrimitive(value: unknown, walk: EncodeWalk): unknown {
  return typeof value === 'function' || typeof value === 'symbol'
    ? refusePrimitive(value, walk)
    : encodeChild(value, walk, '')
}

function encodeNumber(value: number): unknown {
  if (Number.isFinite(value) && (value !== 0 || 1 / value > 0)) return value
  // String(-0) is '0', hence the explicit case.
  return { $t: 'Number', v: value === 0 ? '-0' : String(value) }
}

function encodePlainObject(source: Record<string, unknown>, walk: EncodeWalk): Record<string, unknown> {
  const encoded: Record<string, unknown> = {}
  for (const key of Object.keys(source)) {
    spend(walk.budget, KEY_PUNCTUATION_BYTES + utf8ByteLength(key))
    const encodedKey = key.charCodeAt(0) === DOLLAR_CHAR_CODE ? `$${key}` : key
    setOwn(encoded, encodedKey, encodeChild(source[key], walk, key))
  }
  return encoded
}

function encodeArray(source: readonly unknown[], walk: EncodeWalk): unknown[] {
  assertOnlyElementKeys(source, walk)
  const encoded: unknown[] = []
  for (let index = 0; index < source.length; index++) {
    const element = source[index]
    if (element === undefined && !Object.hasOwn(source, index)) refuseHoleAt(index, walk)
    encoded.push(encodeChild(element, walk, index))
  }
  return encoded
}

function encodeCollection(
  source: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>,
  walk: EncodeWalk,
): TaggedValue {
  const entries: unknown[] = []
  let index = 0
  if (source instanceof Map) {
    for (const [key, entry] of source) {
      entries.push([
        encodeChild(key, walk, { keyAt: index++ }),
        encodeChild(entry, walk, { mapValueOf: key }),
      ])
    }
    return { $t: 'Map', v: entries }
  }
  for (const element of source) entries.push(encodeChild(element, walk, { keyAt: index++ }))
  return { $t: 'Set', v: entries }
}
