/**
 * A reply value as the Upstash REST API puts it in JSON: strings, integers, null and arrays of them.
 */
export type JsonReply = string | number | null | JsonReply[]

/**
 * Turns an ioredis buffer reply into the JSON value Upstash would send.
 *
 * With `base64`, every string is base64-encoded except a top-level `"OK"`, as Upstash documents. We
 * cannot tell a status reply from a bulk string through ioredis, but `@upstash/redis` decodes a
 * top-level `"OK"` to `"OK"` either way, so sending it raw is indistinguishable to the client. Nested
 * strings are always encoded because the client base64-decodes every string inside an array.
 *
 * @example
 * ```ts
 * toJsonReply([Buffer.from('a'), 1, null], true) // ['YQ==', 1, null]
 * ```
 */
export function toJsonReply(reply: unknown, base64: boolean, topLevel = true): JsonReply {
  if (reply === null || reply === undefined) return null
  if (typeof reply === 'number') return reply
  if (Array.isArray(reply)) return reply.map((item) => toJsonReply(item, base64, false))
  // A Lua script can return an error inside a table; Upstash has no shape for that, so send its text.
  if (reply instanceof Error) return encodeString(Buffer.from(reply.message), base64, topLevel)
  if (Buffer.isBuffer(reply)) return encodeString(reply, base64, topLevel)
  return encodeString(Buffer.from(String(reply)), base64, topLevel)
}

function encodeString(bytes: Buffer, base64: boolean, topLevel: boolean): string {
  if (!base64) return bytes.toString('utf8')
  if (topLevel && bytes.length === 2 && bytes.toString('latin1') === 'OK') return 'OK'
  return bytes.toString('base64')
}
