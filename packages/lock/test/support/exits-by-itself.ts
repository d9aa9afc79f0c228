// Uses every timer-owning feature, then simply ends: the process must exit without any close().
import { createMemoryStore } from '@layercache/core'
import { createLock, createRedlock } from '../../src/index.js'

const lock = createLock({ store: createMemoryStore() })
const held = await lock.acquire('a', { ttl: '1h' })
const waiter = lock.acquire('a', { wait: '1h' })
await held!.release()
await (await waiter).release()
await lock.withLock('b', async () => {}, { ttl: '1h' })
await lock.acquire('c', { ttl: '1h' }) // left held: its expiry lives in the store, not in a timer
const redlock = createRedlock({ stores: [createMemoryStore(), createMemoryStore(), createMemoryStore()] })
await redlock.withLock('d', async () => {}, { ttl: '1h' })
console.log('done')
