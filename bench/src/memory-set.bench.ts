/*
 * Memory `set`: every write replaces a key of a full cache with a new small object, built afresh for
 * each call (as a caller's value is). Printed as ratios against the peers measured in the same run.
 * layercache keeps a frozen copy of each value (a caller changing its object later, or a reader
 * changing what it got, never changes what the next reader sees); lru-cache keeps the caller's object
 * itself, so it is the floor, not a like-for-like rival. `copyValues: false` (the store keeps the
 * caller's object, as lru-cache does) is measured beside the default, as the explicit cheaper option.
 */
import { assertSameAnswer } from './contenders/all-contenders.js'
import { filledBentoCache } from './contenders/bentocache-contender.js'
import { filledCacheManager } from './contenders/cache-manager-contender.js'
import { filledCacheable } from './contenders/cacheable-contender.js'
import { smallObjectWorkload } from './contenders/filled-cache.js'
import { filledLayercache, filledLayercacheByReference } from './contenders/layercache-contender.js'
import { filledAsyncLruCacheWithTtl } from './contenders/lru-cache-contender.js'
import { uniformAccessSequence } from './harness/access-sequence.js'
import { measureThroughput } from './harness/measure-throughput.js'
import { printThroughputReport } from './harness/throughput-report.js'

const KEY_COUNT = 1_000
/** The target: half the speed of lru-cache with a TTL, while copying and freezing each value. */
const FLOOR_TARGET = 0.5

const workload = smallObjectWorkload(KEY_COUNT)
const caches = [
  await filledLayercache(workload),
  await filledAsyncLruCacheWithTtl(workload),
  await filledLayercacheByReference(workload),
  await filledBentoCache(workload),
  await filledCacheable(workload),
  await filledCacheManager(workload),
]
const sequence = uniformAccessSequence([...workload.entries.keys()], { seed: 1 })

let written = 0
/** A new value for each write: a row as a database driver returns it. */
const freshValue = (key: string) => ({ id: written++, name: key, active: true, roles: ['reader', 'writer'] })

// Every contender must hold what it was given, so none is timed on a path that drops the write.
for (const cache of caches) {
  const value = freshValue('user:0')
  await cache.set('user:0', value)
  assertSameAnswer('user:0', value, cache.name, await cache.get('user:0'))
}

const results = await measureThroughput(
  caches.map((cache) => ({ name: cache.name, operation: (key: string) => cache.set(key, freshValue(key)) })),
  { sequence },
)
const [subject, floor, byReference, ...peers] = caches
printThroughputReport({
  title: `memory set, ${KEY_COUNT.toLocaleString('en-US')} keys replaced in turn (Node ${process.version})`,
  subject: subject!.name,
  floor: floor!.name,
  results,
  targets: [{ peer: floor!.name, atLeast: FLOOR_TARGET }],
  context: peers.map((peer) => peer.name),
})
printThroughputReport({
  title: 'the same run, layercache keeping references (copyValues: false)',
  subject: byReference!.name,
  floor: floor!.name,
  results,
  targets: [{ peer: floor!.name, atLeast: FLOOR_TARGET }],
  context: [subject!.name, ...peers.map((peer) => peer.name)],
})
for (const cache of caches) await cache.close()
