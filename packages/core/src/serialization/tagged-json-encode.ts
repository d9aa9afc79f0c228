// Turns a value into a tree JSON.stringify can write without losing anything. Special values
// become tagged objects, {"$t": <tag>, "v": <data>}; every user key starting with '$' gets one
// more '$', so no plain object can ever be mistaken for a tagged value.
import { bytesToBase64 } from './binary.js'
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
 * True when `JSON.stringify(value)` round-trips exactly: only strings, finite numbers other than
 * -0, booleans, null, plain objects without `undefined` properties, and dense arrays without extra
 * properties. Keys need no escaping in that case, since nothing in the output is read as a tag.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value) && (value !== 0 || 1 / value > 0)
    case 'object':
      break
    default:
      return false
  }
  if (value === null) return true
  if (depth > MAX_PLAIN_DEPTH) return false
  const prototype = Object.getPrototypeOf(value) as object | null
  if (prototype === Array.prototype) {
    const array = value as readonly unknown[]
    for (let index = 0; index < array.length; index++) {
      if (!isPlainJson(array[index], depth + 1)) return false
    }
    // A hole reads as undefined, refused above; extra properties are found by counting keys.
    return hasOnlyElementKeys(array)
  }
  if (prototype !== Object.prototype && prototype !== null) return false
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!isPlainJson(record[key], depth + 1)) return false
  }
  return true
}

/** Encodes `value` (an object) into a JSON-safe tree of tagged values; see the file comment. */
export function encodeTaggedObject(value: object, walk: WalkState): unknown {
  const kind = kindOf(value, walk)
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
      return { $t: 'RegExp', v: (value as RegExp).source, f: (value as RegExp).flags }
    case 'buffer':
      return { $t: 'Buffer', v: bytesToBase64(value as Uint8Array) }
    case 'typed-array':
      return { $t: (value as Uint8Array)[Symbol.toStringTag], v: bytesToBase64(value as Uint8Array) }
    case 'array-buffer':
      return { $t: 'ArrayBuffer', v: bytesToBase64(new Uint8Array(value as ArrayBuffer)) }
    case 'data-view':
      return { $t: 'DataView', v: bytesToBase64(value as DataView) }
  }
}

function encodeChild(child: unknown, walk: WalkState, segment: PathSegment): unknown {
  switch (typeof child) {
    case 'string':
    case 'boolean':
      return child
    case 'number':
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
export function encodeTaggedPrimitive(value: unknown, walk: WalkState): unknown {
  return typeof value === 'function' || typeof value === 'symbol'
    ? refusePrimitive(value, walk)
    : encodeChild(value, walk, '')
}

function encodeNumber(value: number): unknown {
  if (Number.isFinite(value) && (value !== 0 || 1 / value > 0)) return value
  // String(-0) is '0', hence the explicit case.
  return { $t: 'Number', v: value === 0 ? '-0' : String(value) }
}

function encodePlainObject(source: Record<string, unknown>, walk: WalkState): Record<string, unknown> {
  const encoded: Record<string, unknown> = {}
  for (const key of Object.keys(source)) {
    const encodedKey = key.charCodeAt(0) === DOLLAR_CHAR_CODE ? `$${key}` : key
    setOwn(encoded, encodedKey, encodeChild(source[key], walk, key))
  }
  return encoded
}

function encodeArray(source: readonly unknown[], walk: WalkState): unknown[] {
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
  walk: WalkState,
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
