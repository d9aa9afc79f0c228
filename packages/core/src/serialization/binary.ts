// Byte helpers shared by the snapshot and the serializer. Buffer is used when the runtime has it
// (faster base64, and callers get a Buffer back); otherwise plain Uint8Array and atob/btoa, so
// this file also runs on edge runtimes.

/** The runtime's `Buffer` class, or `undefined` outside Node (edge runtimes, browsers). */
export const runtimeBuffer: typeof Buffer | undefined = (globalThis as { Buffer?: typeof Buffer }).Buffer

// Strict enough to reject garbage that Buffer.from(text, 'base64') would silently skip.
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/

/** True when `text` is well-formed padded base64. */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && base64Pattern.test(text)
}

/**
 * Copies `source` into a Buffer (or a Uint8Array without Buffer) that owns an exactly-sized
 * ArrayBuffer. `Buffer.from(buffer)` would take small copies from the shared 8 KiB pool, and one
 * cached 10-byte Buffer would then keep the whole slab alive.
 */
export function copyBuffer(source: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(source)
  return runtimeBuffer ? runtimeBuffer.from(bytes.buffer, 0, bytes.byteLength) : bytes
}

/** Base64 of the bytes `view` covers (not of its whole underlying buffer). */
export function bytesToBase64(view: ArrayBufferView): string {
  if (runtimeBuffer)
    return runtimeBuffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64')
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  let binary = ''
  // Chunked because String.fromCharCode(...bytes) overflows the argument limit on large inputs.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
  }
  return btoa(binary)
}

/**
 * Decodes base64 into a Uint8Array over its own, exactly-sized ArrayBuffer (never a pooled one),
 * so typed arrays and ArrayBuffers can be built on it. `undefined` when `text` is not base64.
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!isBase64(text)) return undefined
  if (runtimeBuffer) return new Uint8Array(runtimeBuffer.from(text, 'base64'))
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}

// Below this length a loop in JavaScript beats the call into Buffer.
const SHORT_TEXT = 32

/**
 * The length of `text` in UTF-8 bytes, as `Buffer.byteLength(text, 'utf8')` counts it (a lone
 * surrogate is the 3-byte replacement character).
 */
export function utf8ByteLength(text: string): number {
  if (runtimeBuffer !== undefined && text.length > SHORT_TEXT) return runtimeBuffer.byteLength(text, 'utf8')
  let bytes = text.length
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) continue
    if (code < 0x800) bytes += 1
    else if (code >= 0xd800 && code < 0xdc00 && isLowSurrogate(text.charCodeAt(index + 1))) {
      // A surrogate pair: 4 bytes for its 2 code units.
      bytes += 2
      index++
    } else bytes += 2
  }
  return bytes
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code < 0xe000
}
