import assert from 'node:assert/strict'
import { createMemoryStore } from '@layercache/core'
import { createRedlock } from '@layercache/lock'

// redlock: createRedlock({ stores: [client1, client2, client3] }) -> createRedlock({ stores: [createRedisStore({ client: client1 }), ...] }).
// Three memory stores here stand in for three independent Redis servers.
const redlock = createRedlock({ stores: [createMemoryStore(), createMemoryStore(), createMemoryStore()] })
assert.equal(redlock.quorum, 2)

// redlock.using(resources, duration, routine) -> withLock(resource, routine, { ttl }): the lock is
// extended while the routine runs, and `signal` aborts when it is lost.
const fences: number[] = []
await redlock.withLock(
  'invoice:42',
  async (signal, handle) => {
    assert.equal(signal.aborted, false)
    fences.push(handle.fence) // unlike redlock, a fencing token
  },
  { ttl: 10 },
)

// acquire / release return results instead of throwing when the lock was lost.
const handle = await redlock.acquire('invoice:43', { ttl: 10 }) // null when a majority is not reached
assert.ok(handle)
assert.deepEqual(await handle.release(), { released: true })
console.log(fences)
