/*
 * Hot `getOrSet`: the value is present, so the loader must never run. This is the call most
 * application code makes, and the one the "10x faster" claim is about.
 */
import {
  assertSameAnswer,
  FLOOR_TARGET,
  fillAllContenders,
  PEER_TARGET,
} from './contenders/all-contenders.js'
import { smallObjectWorkload } from './contenders/filled-cache.js'
import { uniformAccessSequence } from './harness/access-sequence.js'
import { measureThroughput } from './harness/measure-throughput.js'
import { printThroughputReport } from './harness/throughput-report.js'

const KEY_COUNT = 1_000

const workload = smallObjectWorkload(KEY_COUNT)
const caches = await fillAllContenders(workload)
const sequence = uniformAccessSequence([...workload.entries.keys()], { seed: 2 })
let loaderRuns = 0
// One loader shared by every contender and every call, so no one pays for a closure the others skip.
const loader = async (): Promise<unknown> => {
  loaderRuns++
  return { id: -1, name: 'loaded', active: false }
}
for (const cache of caches) {
  for (const [key, value] of workload.entries)
    assertSameAnswer(key, value, cache.name, await cache.getOrSet(key, loader))
}

const results = await measureThroughput(
  caches.map((cache) => ({ name: cache.name, operation: (key: string) => cache.getOrSet(key, loader) })),
  { sequence },
)
if (loaderRuns !== 0) throw new Error(`the loader ran ${loaderRuns} times: some contender missed`)
const [subject, floor, ...peers] = caches
printThroughputReport({
  title: `Hot getOrSet (value present), ${KEY_COUNT.toLocaleString('en-US')} pre-filled keys (Node ${process.version})`,
  subject: subject!.name,
  floor: floor!.name,
  results,
  targets: [
    { peer: floor!.name, atLeast: FLOOR_TARGET },
    ...peers.map((peer) => ({ peer: peer.name, atLeast: PEER_TARGET })),
  ],
})
for (const cache of caches) await cache.close()
