const TOKEN_BYTES = 16
// One call to the random source per 256 tokens: a call costs about as much as the rest of an
// acquisition's own work (some 3 µs), and the bytes are just as random drawn in bulk.
const POOL_BYTES = TOKEN_BYTES * 256
const pool = new Uint8Array(POOL_BYTES)
let used = POOL_BYTES
const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/**
 * A fresh owner token: 128 random bits from `crypto.getRandomValues`, as 32 hex digits. Only the
 * holder knows it, so only the holder can release or extend the lock.
 */
export function createOwnerToken(): string {
  if (used === POOL_BYTES) {
    crypto.getRandomValues(pool)
    used = 0
  }
  let token = ''
  for (let index = used; index < used + TOKEN_BYTES; index++) token += hex[pool[index]!]
  used += TOKEN_BYTES
  return token
}
