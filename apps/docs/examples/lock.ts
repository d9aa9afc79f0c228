import assert from 'node:assert/strict'
import { createMemoryStore } from '@layercache/core'
import { createLock } from '@layercache/lock'

// In memory for one process; createRedisStore({ client }) makes it a distributed lock.
const lock = createLock({ store: createMemoryStore() })

const saved: { id: number; fence: number }[] = []
await lock.withLock(
  'invoice:42',
  async (signal, handle) => {
    assert.equal(signal.aborted, false) // aborts if the lock is lost while the work runs
    saved.push({ id: 42, fence: handle.fence }) // a storage that rejects older fences stays correct
  },
  { ttl: 10, wait: '5s' },
)

// Two holders one after the other: the second fence is larger.
const first = await lock.acquire('invoice:43', { ttl: 10 }) // null when held and no `wait`
assert.ok(first)
await first.release()
const second = await lock.acquire('invoice:43', { ttl: 10 })
assert.ok(second)
assert.ok(second.fence > first.fence)
console.log(saved, (await second.release()).released) // the saved fence, then true
