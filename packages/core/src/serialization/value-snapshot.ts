import { LayercacheError } from '../errors.js'
import { copyBuffer, utf8ByteLength } from './binary.js'
import {
  assertOnlyElementKeys,
  enterContainer,
  guardWalk,
  hasOnlyElementKeys,
  kindOf,
  knownKindOf,
  leaveContainer,
  type ObjectKind,
  type PathSegment,
  refuseHoleAt,
  refusePrimitive,
  setOwn,
  type WalkState,
} from './value-walk.js'

/** What {@link snapshotValue} returns: the copy to keep in memory and what the cache needs to know about it. */
export interface ValueSnapshot {
  /** A deep copy of the value; every plain object and array in it is frozen. */
  value: unknown
  /**
   * Approximate size in bytes, for byte limits: strings and keys count their UTF-8 bytes, plus a
   * small overhead per part. Ranks values sensibly; it is not a heap measurement.
   */
  bytes: number
  /**
   * True when the copy holds a Map, Set, Date, RegExp or binary data, which cannot be frozen: hand
   * readers {@link cloneValue}`(value)` instead of `value` itself.
   */
  mutable: boolean
}

// Rough sizes. They only need to rank values for byte limits, not to match the heap exactly. Text
// counts its UTF-8 bytes, as the serialized form would, so a limit means the same in every layer.
const STRING_OVERHEAD_BYTES = 16
const NUMBER_BYTES = 8
const BIGINT_BYTES = 16
const SMALL_PRIMITIVE_BYTES = 4
const CONTAINER_OVERHEAD_BYTES = 16
const SLOT_BYTES = 8
const DATE_BYTES = 24
const BINARY_OVERHEAD_BYTES = 32

/** The count of a walk: all that the quick copy needs. */
interface ByteCount {
  bytes: number
  readonly limit: SizeLimit | undefined
  /** The limit's `maxBytes`, or infinity without a limit. */
  readonly maxBytes: number
}

interface SnapshotWalk extends WalkState, ByteCount {
  mutableParts: number
}

/** A size past which {@link snapshotValue} stops copying and refuses the value. */
export interface SizeLimit {
  readonly maxBytes: number
  /** Throws the refusal; `bytes` is what was counted when the walk stopped (the value holds more). */
  readonly refuse: (bytes: number) => never
}

// Frozen objects and arrays (plus every Map and Set) of a snapshot that hold a mutable part
// somewhere below. cloneValue copies exactly these and the mutable leaves, and shares every other
// frozen part. Only snapshots that contain a mutable part ever add to it.
const holdsMutableParts = new WeakSet<object>()

/**
 * Copies `value` once, at `set` time, into a form an in-memory layer can hand to every reader:
 * plain objects and arrays are frozen copies, so neither the caller who set the value nor a reader
 * can change what the next reader sees. Throws `E_UNSERIALIZABLE_VALUE`, naming the path, for
 * functions, symbols, circular references, class instances, errors, promises and weak collections;
 * for arrays a copy would change: sparse arrays (`[1, , 3]`: a hole would come back as `undefined`)
 * and arrays with own enumerable properties besides their elements (`Object.assign([1], { total: 1 })`,
 * or a RegExp match with its `index`; the property would be lost); and when reading the value throws
 * (a getter or a proxy trap; the thrown error is the `cause`). With a `limit`, the walk stops as soon
 * as the count passes `limit.maxBytes` and calls `limit.refuse`. The input is never modified.
 *
 * @example
 * ```ts
 * const snapshot = snapshotValue({ user: { name: 'Ada' }, seen: new Date() })
 * snapshot.mutable // true: it holds a Date, so read it with cloneValue(snapshot.value)
 * Object.isFrozen((snapshot.value as { user: object }).user) // true
 * ```
 */
export function snapshotValue(value: unknown, limit?: SizeLimit): ValueSnapshot {
  const maxBytes = limit === undefined ? Number.POSITIVE_INFINITY : limit.maxBytes
  if (typeof value === 'object' && value !== null) {
    const counted: ByteCount = { bytes: 0, limit, maxBytes }
    const quick = quickSnapshot(value, counted)
    if (quick !== UNUSUAL) return { value: quick, bytes: counted.bytes, mutable: false }
  }
  const walk: SnapshotWalk = { path: [], ancestors: [], bytes: 0, mutableParts: 0, limit, maxBytes }
  if (typeof value !== 'object' || value === null) {
    const copy = copyPrimitive(value, walk)
    return { value: copy, bytes: walk.bytes, mutable: false }
  }
  const copy = guardWalk(value, walk, copyObject)
  return { value: copy, bytes: walk.bytes, mutable: walk.mutableParts > 0 }
}

/** What {@link quickCopy} returns for a value it leaves to the careful walk. */
const UNUSUAL: unique symbol = Symbol('unusual')

/** Past this depth the quick copy stops (a cycle, or data that deep): the careful walk takes over. */
const QUICK_COPY_MAX_DEPTH = 64

/**
 * The quick copy of the whole value. Reading the value may throw (a getter, a proxy trap): the
 * careful walk then reads it again and refuses it naming the path. A refusal for size is thrown on.
 */
function quickSnapshot(value: object, walk: ByteCount): unknown {
  try {
    return quickCopy(value, walk, 0)
  } catch (error) {
    if (LayercacheError.isInstance(error)) throw error
    return UNUSUAL
  }
}

/**
 * The copy of the common case, plain objects and dense arrays of primitives, without the careful
 * walk's bookkeeping (the path for error messages, the ancestors for cycles, a guard per call). It
 * gives up on anything else (another kind of object, a refusal, a `__proto__` key, a cycle seen as
 * depth) by returning {@link UNUSUAL}, and the careful walk then copies the value from the start,
 * or refuses it naming the path. Counts the same bytes as the careful walk, and refuses a value past
 * the size limit itself, as soon as the count passes it.
 */
function quickCopy(source: object, walk: ByteCount, depth: number): unknown {
  if (depth > QUICK_COPY_MAX_DEPTH) return UNUSUAL
  const prototype = Object.getPrototypeOf(source) as object | null
  if (prototype === Object.prototype) {
    const record = source as Record<string, unknown>
    const keys = Object.keys(record)
    const copy: Record<string, unknown> = {}
    count(walk, CONTAINER_OVERHEAD_BYTES)
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!
      // Copied with defineProperty by the careful walk; rare enough not to slow every key here.
      if (key === '__proto__') return UNUSUAL
      count(walk, SLOT_BYTES + utf8ByteLength(key))
      const child = quickChild(record[key], walk, depth)
      if (child === UNUSUAL) return UNUSUAL
      copy[key] = child
    }
    return Object.freeze(copy)
  }
  if (prototype === Array.prototype) {
    const array = source as readonly unknown[]
    const length = array.length
    if (!hasOnlyElementKeys(array)) return UNUSUAL
    count(walk, CONTAINER_OVERHEAD_BYTES + SLOT_BYTES * length)
    // A copy of a dense array is packed; elements that are objects are replaced by their copies.
    const copy = array.slice()
    for (let index = 0; index < length; index++) {
      const element = copy[index]
      if (element === undefined && !Object.hasOwn(array, index)) return UNUSUAL
      const child = quickChild(element, walk, depth)
      if (child === UNUSUAL) return UNUSUAL
      if (child !== element) copy[index] = child
    }
    return Object.freeze(copy)
  }
  return UNUSUAL
}

function quickChild(child: unknown, walk: ByteCount, depth: number): unknown {
  if (typeof child === 'object' && child !== null) return quickCopy(child, walk, depth + 1)
  if (typeof child === 'function' || typeof child === 'symbol') return UNUSUAL
  count(walk, primitiveBytes(child))
  return child
}

/**
 * Copies a value returned by {@link snapshotValue} for one reader: fresh Maps, Sets, Dates, RegExps
 * and binary data, so a reader changing them cannot affect the next one, while frozen parts that
 * hold nothing mutable are shared, not copied. Any other value gets a full {@link snapshotValue} copy.
 *
 * @example
 * ```ts
 * const { value } = snapshotValue({ tags: new Set(['a']) })
 * const first = cloneValue(value) as { tags: Set<string> }
 * first.tags.add('b') // the next cloneValue(value) still has only 'a'
 * ```
 */
export function cloneValue(snapshot: unknown): unknown {
  if (typeof snapshot !== 'object' || snapshot === null) return snapshot
  return holdsMutableParts.has(snapshot) ? cloneContainer(snapshot) : snapshotValue(snapshot).value
}

/** Adds `bytes` to the count, and refuses the value once the count is past the limit. */
function count(walk: ByteCount, bytes: number): void {
  walk.bytes += bytes
  if (walk.bytes > walk.maxBytes) walk.limit!.refuse(walk.bytes)
}

function copyPrimitive(value: unknown, walk: SnapshotWalk, segment?: PathSegment): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') return refusePrimitive(value, walk, segment)
  count(walk, primitiveBytes(value))
  return value
}

/** What a primitive that can be cached (not a function or a symbol) counts for. */
function primitiveBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return STRING_OVERHEAD_BYTES + utf8ByteLength(value)
    case 'number':
      return NUMBER_BYTES
    case 'bigint':
      return BIGINT_BYTES
    default:
      return SMALL_PRIMITIVE_BYTES
  }
}

// The path is only extended for objects: primitives pass their segment along in case they are refused.
function copyChild(child: unknown, walk: SnapshotWalk, segment: PathSegment): unknown {
  if (typeof child !== 'object' || child === null) return copyPrimitive(child, walk, segment)
  walk.path.push(segment)
  const copy = copyObject(child, walk)
  walk.path.pop()
  return copy
}

function copyObject(source: object, walk: SnapshotWalk): unknown {
  const kind = kindOf(source, walk)
  if (kind === 'object' || kind === 'array' || kind === 'map' || kind === 'set') {
    enterContainer(source, walk)
    const mutablePartsBefore = walk.mutableParts
    const copy =
      kind === 'object'
        ? copyPlainObject(source as Record<string, unknown>, walk)
        : kind === 'array'
          ? Object.freeze(copyArray(source as readonly unknown[], walk))
          : copyCollection(source as ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>, walk)
    leaveContainer(walk)
    if (walk.mutableParts !== mutablePartsBefore) holdsMutableParts.add(copy)
    return copy
  }
  walk.mutableParts++
  count(walk, leafBytes(source, kind))
  return copyLeafObject(source, kind)
}

function copyPlainObject(source: Record<string, unknown>, walk: SnapshotWalk): object {
  const copy: Record<string, unknown> = Object.getPrototypeOf(source) === null ? Object.create(null) : {}
  count(walk, CONTAINER_OVERHEAD_BYTES)
  for (const key of Object.keys(source)) {
    count(walk, SLOT_BYTES + utf8ByteLength(key))
    setOwn(copy, key, copyChild(source[key], walk, key))
  }
  return Object.freeze(copy)
}

function copyArray(source: readonly unknown[], walk: SnapshotWalk): unknown[] {
  assertOnlyElementKeys(source, walk)
  // push keeps the copy packed.
  const copy: unknown[] = []
  count(walk, CONTAINER_OVERHEAD_BYTES + SLOT_BYTES * source.length)
  for (let index = 0; index < source.length; index++) {
    const element = source[index]
    if (element === undefined && !Object.hasOwn(source, index)) refuseHoleAt(index, walk)
    copy.push(copyChild(element, walk, index))
  }
  return copy
}

function copyCollection(
  source: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>,
  walk: SnapshotWalk,
): Map<unknown, unknown> | Set<unknown> {
  // Always "mutable parts" themselves: they cannot be frozen.
  walk.mutableParts++
  count(walk, CONTAINER_OVERHEAD_BYTES + 2 * SLOT_BYTES * source.size)
  let index = 0
  if (source instanceof Map) {
    const copy = new Map<unknown, unknown>()
    for (const [key, entry] of source) {
      copy.set(copyChild(key, walk, { keyAt: index++ }), copyChild(entry, walk, { mapValueOf: key }))
    }
    return copy
  }
  const copy = new Set<unknown>()
  for (const element of source) copy.add(copyChild(element, walk, { keyAt: index++ }))
  return copy
}

function leafBytes(source: object, kind: ObjectKind): number {
  if (kind === 'date') return DATE_BYTES
  if (kind === 'regexp') return BINARY_OVERHEAD_BYTES + utf8ByteLength((source as RegExp).source)
  if (kind === 'array-buffer') return BINARY_OVERHEAD_BYTES + (source as ArrayBuffer).byteLength
  return BINARY_OVERHEAD_BYTES + (source as ArrayBufferView).byteLength
}

// Copies an object that cannot be frozen. Frozen plain parts are returned as they are.
function copyLeafObject(source: object, kind: ObjectKind): object {
  switch (kind) {
    case 'date':
      return new Date((source as Date).getTime())
    case 'regexp':
      return new RegExp(source as RegExp)
    case 'buffer':
      return copyBuffer(source as Uint8Array)
    case 'typed-array':
      return (source as Uint8Array).slice()
    case 'array-buffer':
      return (source as ArrayBuffer).slice(0)
    case 'data-view': {
      const view = source as DataView
      return new DataView(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength))
    }
    default:
      return source
  }
}

function cloneContainer(source: object): object {
  if (source instanceof Map) {
    const copy = new Map<unknown, unknown>()
    for (const [key, entry] of source) copy.set(clonePart(key), clonePart(entry))
    return copy
  }
  if (source instanceof Set) {
    const copy = new Set<unknown>()
    for (const element of source) copy.add(clonePart(element))
    return copy
  }
  if (Array.isArray(source)) return Object.freeze(source.map(clonePart))
  const record = source as Record<string, unknown>
  const copy: Record<string, unknown> = Object.getPrototypeOf(record) === null ? Object.create(null) : {}
  for (const key of Object.keys(record)) setOwn(copy, key, clonePart(record[key]))
  return Object.freeze(copy)
}

function clonePart(part: unknown): unknown {
  if (typeof part !== 'object' || part === null) return part
  if (holdsMutableParts.has(part)) return cloneContainer(part)
  const kind = knownKindOf(part)
  if (kind === 'map' || kind === 'set') return cloneContainer(part)
  return kind === undefined ? part : copyLeafObject(part, kind)
}
