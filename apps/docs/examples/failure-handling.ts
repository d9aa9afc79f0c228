import assert from 'node:assert/strict'
import { createCache, errors, LayercacheError } from '@layercache/core'

// grace: how long a value past its TTL may still be served when reloading it fails.
const cache = createCache({ namespace: 'app', ttl: '5m', grace: '1h' })

let databaseUp = true
const loadPrices = async () => {
  if (!databaseUp) throw new Error('database unreachable')
  return { coffee: 3 }
}

await cache.getOrSet('prices', loadPrices)
await cache.expire(['prices']) // as if the 5 minutes had passed
databaseUp = false

// Fail-safe: the stale value comes back and the failure is reported as an `error` event.
const reported: string[] = []
cache.on('error', ({ operation }) => reported.push(operation))
assert.deepEqual(await cache.getOrSet('prices', loadPrices), { coffee: 3 })
assert.ok(reported.length > 0)

// Without a stale value, the loader's error reaches the caller (and is never cached).
await assert.rejects(cache.getOrSet('stock', loadPrices), /database unreachable/)

// Bad input is refused before anything is written, with a stable code.
const refused = await cache.set('', 1).catch((error: unknown) => error)
assert.ok(LayercacheError.isInstance(refused) && refused.code === errors.INVALID_KEY)
await cache.close()
