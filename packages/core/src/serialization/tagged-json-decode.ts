// Rebuilds a value from the tree tagged-json-encode produced (after JSON.parse). Input is
// untrusted: it only ever builds data (no code runs, no prototype is set), and anything that does
// not match the encoding exactly throws E_DECODE_FAILED rather than returning a guess.
import { errors, fail } from '../errors.js'
import { base64ToBytes, runtimeBuffer } from './binary.js'
import { setOwn, typedArraysByName } from './value-walk.js'

const DOLLAR_CHAR_CODE = 36
const bigIntPattern = /^-?\d+$/
const specialNumbers = new Map<unknown, number>([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
])

/** Decodes one node of a parsed tagged-JSON tree. Reuses the parsed arrays and objects where it can. */
export function decodeTagged(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) node[index] = decodeTagged(node[index])
    return node
  }
  const record = node as Record<string, unknown>
  if (Object.hasOwn(record, '$t')) return decodeTaggedValue(record)
  const keys = Object.keys(record)
  // Escaped keys have to be renamed, which means a new object; otherwise decode in place.
  const target: Record<string, unknown> = keys.some(isEscaped) ? {} : record
  for (const key of keys)
    setOwn(target, target === record ? key : unescapeKey(key), decodeTagged(record[key]))
  return target
}

function isEscaped(key: string): boolean {
  return key.charCodeAt(0) === DOLLAR_CHAR_CODE
}

function unescapeKey(key: string): string {
  if (!isEscaped(key)) return key
  // The encoder doubles every leading '$', so a single one means the payload was not written by it.
  if (key.charCodeAt(1) !== DOLLAR_CHAR_CODE) malformed(`unexpected key ${JSON.stringify(key)}`)
  return key.slice(1)
}

function decodeTaggedValue(record: Record<string, unknown>): unknown {
  const tag = record.$t
  const data = Object.hasOwn(record, 'v') ? record.v : undefined
  switch (tag) {
    case 'undefined':
      return undefined
    case 'Number':
      if (specialNumbers.has(data)) return specialNumbers.get(data)
      break
    case 'BigInt':
      if (typeof data === 'string' && bigIntPattern.test(data)) return BigInt(data)
      break
    case 'Date':
      if (data === null) return new Date(Number.NaN)
      if (typeof data === 'number') return new Date(data)
      break
    case 'RegExp': {
      const flags = Object.hasOwn(record, 'f') ? record.f : undefined
      if (typeof data === 'string' && typeof flags === 'string') return new RegExp(data, flags)
      break
    }
    case 'Map':
      if (Array.isArray(data)) return decodeMap(data)
      break
    case 'Set':
      if (Array.isArray(data)) return new Set(data.map(decodeTagged))
      break
    default: {
      const binary = typeof tag === 'string' && typeof data === 'string' ? decodeBinary(tag, data) : undefined
      if (binary !== undefined) return binary
    }
  }
  return malformed(`invalid tagged value ${JSON.stringify(tag)}`)
}

function decodeMap(entries: readonly unknown[]): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>()
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) malformed('a Map entry is not a [key, value] pair')
    map.set(decodeTagged(entry[0]), decodeTagged(entry[1]))
  }
  return map
}

function decodeBinary(tag: string, base64: string): object | undefined {
  const bytes = base64ToBytes(base64)
  if (bytes === undefined) return undefined
  if (tag === 'Buffer') return runtimeBuffer ? runtimeBuffer.from(bytes.buffer, 0, bytes.byteLength) : bytes
  if (tag === 'ArrayBuffer') return bytes.buffer
  if (tag === 'DataView') return new DataView(bytes.buffer)
  const TypedArray = typedArraysByName.get(tag)
  if (TypedArray === undefined || bytes.byteLength % TypedArray.BYTES_PER_ELEMENT !== 0) return undefined
  return new TypedArray(bytes.buffer)
}

function malformed(problem: string): never {
  fail(errors.DECODE_FAILED, `stored value is not valid typed JSON: ${problem}`)
}
