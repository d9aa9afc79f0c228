// The rules shared by every walk over a value about to be cached (the in-memory snapshot and the
// serializer): which kinds of object are accepted, how cycles are found, and how a refusal names
// the place in the value where it happened.
import { errors, fail, LayercacheError } from '../errors.js'
import { runtimeBuffer } from './binary.js'

/** The kinds of object a cached value may contain; anything else is refused. */
export type ObjectKind =
  | 'object'
  | 'array'
  | 'date'
  | 'map'
  | 'set'
  | 'regexp'
  | 'typed-array'
  | 'buffer'
  | 'array-buffer'
  | 'data-view'

/** A typed array class, as needed to rebuild one from its bytes. */
export interface TypedArrayConstructor {
  new (buffer: ArrayBuffer): ArrayBufferView
  readonly BYTES_PER_ELEMENT: number
  readonly name: string
}

const typedArrayConstructors: readonly TypedArrayConstructor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
]

/** Typed array classes by name (`'Float64Array'`), for decoding. A Map, so `'__proto__'` is just a miss. */
export const typedArraysByName: ReadonlyMap<string, TypedArrayConstructor> = new Map(
  typedArrayConstructors.map((TypedArray) => [TypedArray.name, TypedArray]),
)

// Looked up by exact prototype: subclasses (class Money extends Map) are refused like any class,
// rather than silently losing their class on the way through the cache.
const kindsByPrototype = new Map<object | null, ObjectKind>([
  [null, 'object'],
  [Date.prototype, 'date'],
  [Map.prototype, 'map'],
  [Set.prototype, 'set'],
  [RegExp.prototype, 'regexp'],
  [ArrayBuffer.prototype, 'array-buffer'],
  [DataView.prototype, 'data-view'],
  ...typedArrayConstructors.map((TypedArray): [object, ObjectKind] => [TypedArray.prototype, 'typed-array']),
])
if (runtimeBuffer) kindsByPrototype.set(runtimeBuffer.prototype, 'buffer')

const uncopyableBuiltIns = new Map<object, string>([
  [WeakMap.prototype, 'a WeakMap'],
  [WeakSet.prototype, 'a WeakSet'],
  [WeakRef.prototype, 'a WeakRef'],
  [Promise.prototype, 'a Promise (await it before caching the result)'],
])

/**
 * One step of the path to the value being visited: a property name, an array index, the n-th key of
 * a Map or element of a Set (`keyAt`), or the value a Map holds under a key (`mapValueOf`).
 */
export type PathSegment = string | number | { readonly keyAt: number } | { readonly mapValueOf: unknown }

/** State of one walk: the path to the current value and the containers it is nested in. */
export interface WalkState {
  /** The path from the root to the container being visited. */
  readonly path: PathSegment[]
  /** The containers being visited, outermost first; `ancestors[i]` sits at `path.slice(0, i)`. */
  readonly ancestors: object[]
}

/**
 * Classifies `value`, or throws `E_UNSERIALIZABLE_VALUE` naming its path when it cannot be cached.
 * `segment`, when given, is the step from the current path to `value`.
 */
export function kindOf(value: object, walk: WalkState, segment?: PathSegment): ObjectKind {
  const prototype = Object.getPrototypeOf(value) as object | null
  if (prototype === Object.prototype) return 'object'
  if (prototype === Array.prototype) return 'array'
  return kindsByPrototype.get(prototype) ?? kindOfStranger(value, prototype, pathTo(walk, segment))
}

/** The kind of `value` when its prototype is exactly a supported one, else `undefined`. Never throws. */
export function knownKindOf(value: object): ObjectKind | undefined {
  const prototype = Object.getPrototypeOf(value) as object | null
  if (prototype === Object.prototype) return 'object'
  if (prototype === Array.prototype) return 'array'
  return kindsByPrototype.get(prototype)
}

function kindOfStranger(value: object, prototype: object | null, path: string): ObjectKind {
  const classFunction = prototype === null ? undefined : (prototype as { constructor?: unknown }).constructor
  const className = typeof classFunction === 'function' ? classFunction.name : ''
  // Plain objects and arrays from another realm (a vm context, an iframe) are still plain data.
  if (prototype !== null && Object.getPrototypeOf(prototype) === null && className === 'Object')
    return 'object'
  if (Array.isArray(value) && className === 'Array') return 'array'
  if (value instanceof Error) {
    refuse(
      path,
      `is an Error (${className || 'Error'}); errors cannot be cached, store { name, message } instead`,
    )
  }
  for (let current = prototype; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    const builtIn = uncopyableBuiltIns.get(current)
    if (builtIn !== undefined) refuse(path, `is ${builtIn}, which cannot be cached`)
  }
  refuse(
    path,
    `is an instance of class ${className || '(anonymous)'}; only plain objects, arrays, Date, Map, Set, RegExp, ` +
      'typed arrays, ArrayBuffer and DataView can be cached. Convert it to a plain object first ' +
      '(for example { ...instance } or instance.toJSON())',
  )
}

/** Throws `E_UNSERIALIZABLE_VALUE` for a primitive that cannot be cached (a function or a symbol). */
export function refusePrimitive(value: unknown, walk: WalkState, segment?: PathSegment): never {
  const what = typeof value === 'function' ? 'a function' : `a ${typeof value}`
  refuse(pathTo(walk, segment), `is ${what}; only data can be cached, not ${what.slice(2)}s`)
}

/**
 * True when `array`'s own enumerable keys are as many as its elements, which holds for every
 * ordinary dense array. Holes make fewer keys and extra properties (`Object.assign([1], { x: 1 })`)
 * make more; a hole and an extra property together cancel out, so walks also check each `undefined`
 * element with {@link refuseHoleAt}. Costs one `Object.keys` per array, as every plain object already
 * pays: time in proportion to the length and one key list, but no closure or object per element.
 */
export function hasOnlyElementKeys(array: readonly unknown[]): boolean {
  return Object.keys(array).length === array.length
}

/**
 * Refuses the array being visited unless {@link hasOnlyElementKeys}, naming its first extra property
 * or its first hole. Call it before visiting the elements: a 2³²−1-long empty array is refused at once.
 */
export function assertOnlyElementKeys(array: readonly unknown[], walk: WalkState): void {
  if (hasOnlyElementKeys(array)) return
  for (const key of Object.keys(array)) {
    if (!isElementKey(key, array.length)) {
      refuse(
        formatPath(walk.path),
        `is an array with a property besides its elements (${JSON.stringify(key)}); it would be lost, ` +
          'so keep it next to the array in an object instead',
      )
    }
  }
  for (let index = 0; index < array.length; index++) {
    if (!Object.hasOwn(array, index)) refuseHoleAt(index, walk)
  }
}

/** Throws `E_UNSERIALIZABLE_VALUE` for a hole at `index` of the array being visited. */
export function refuseHoleAt(index: number, walk: WalkState): never {
  refuse(
    formatPath(walk.path),
    `has a hole at index ${index} (a sparse array); holes would come back as undefined, ` +
      'so fill them first (with undefined or null)',
  )
}

// Object.keys lists elements as canonical decimal strings, so anything else is a named property.
function isElementKey(key: string, length: number): boolean {
  const index = Number(key)
  return Number.isInteger(index) && index >= 0 && index < length && String(index) === key
}

/**
 * Enters container `value`: refuses it when it is one of its own ancestors, then records it.
 * Pair with {@link leaveContainer}. A value shared by two branches is not a cycle and is copied twice.
 */
export function enterContainer(value: object, walk: WalkState): void {
  const ancestorIndex = walk.ancestors.indexOf(value)
  if (ancestorIndex !== -1) {
    const ancestorPath = formatPath(walk.path.slice(0, ancestorIndex))
    refuse(
      formatPath(walk.path),
      `is a circular reference to ${ancestorPath}; circular values cannot be cached`,
    )
  }
  walk.ancestors.push(value)
}

/** Leaves the container entered last. */
export function leaveContainer(walk: WalkState): void {
  walk.ancestors.pop()
}

/**
 * Runs `run(value, walk)`, turning any stray error it throws (a throwing getter, the stack
 * overflowing on a very deep value, a fake Date) into `E_UNSERIALIZABLE_VALUE`, so callers see one
 * error code whatever went wrong.
 */
export function guardWalk<Walk extends WalkState, Result>(
  value: object,
  walk: Walk,
  run: (value: object, walk: Walk) => Result,
): Result {
  try {
    return run(value, walk)
  } catch (error) {
    if (LayercacheError.isInstance(error)) throw error
    const reason = error instanceof Error ? error.message : String(error)
    fail(errors.UNSERIALIZABLE_VALUE, `${formatPath(walk.path)} could not be copied: ${reason}`, error)
  }
}

function refuse(path: string, problem: string): never {
  fail(errors.UNSERIALIZABLE_VALUE, `${path} ${problem}`)
}

function pathTo(walk: WalkState, segment: PathSegment | undefined): string {
  return formatPath(segment === undefined ? walk.path : [...walk.path, segment])
}

const identifierPattern = /^[A-Za-z_$][\w$]*$/
const MAX_PATH_STEPS_SHOWN = 20

/** Formats a path as JavaScript-like text rooted at `value`: `value.user.friends[2]`. */
export function formatPath(path: readonly PathSegment[]): string {
  // A stack overflow on a very deep value would otherwise put thousands of steps in the message.
  if (path.length > MAX_PATH_STEPS_SHOWN) {
    const half = MAX_PATH_STEPS_SHOWN / 2
    return `${formatPath(path.slice(0, half))}…(${path.length - MAX_PATH_STEPS_SHOWN} more)…${formatPath(path.slice(-half)).slice('value'.length)}`
  }
  let text = 'value'
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (typeof segment === 'string') {
      text += identifierPattern.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`
    } else if ('keyAt' in segment) text += `.keys()[${segment.keyAt}]`
    else text += `.get(${describeKey(segment.mapValueOf)})`
  }
  return text
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)
  if (typeof key === 'bigint') return `${key}n`
  if (typeof key === 'object' && key !== null) return Array.isArray(key) ? '[…]' : '{…}'
  return String(key)
}

/**
 * Adds `key` to `target` as an own data property. Plain assignment of `'__proto__'` would replace
 * the prototype instead of adding a key (and is how prototype pollution starts).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
  } else {
    target[key] = value
  }
}
