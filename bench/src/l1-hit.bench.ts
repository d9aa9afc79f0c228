/*
 * L1 hit `get`: every read finds a fresh value in memory. Printed as ratios against the peers measured
 * in the same run; the absolute numbers only describe this machine at this minute.
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
const sequence = uniformAccessSequence([...workload.entries.keys()], { seed: 1 })
for (const cache of caches) {
  for (const [key, value] of workload.entries) assertSameAnswer(key, value, cache.name, await cache.get(key))
}

const results = await measureThroughput(
  caches.map((cache) => ({ name: cache.name, operation: cache.get })),
  { sequence },
)
const [subject, floor, ...peers] = caches
printThroughputReport({
  title: `L1 hit get, ${KEY_COUNT.toLocaleString('en-US')} pre-filled keys (Node ${process.version})`,
  subject: subject!.name,
  floor: floor!.name,
  results,
  targets: [
    { peer: floor!.name, atLeast: FLOOR_TARGET },
    ...peers.map((peer) => ({ peer: peer.name, atLeast: PEER_TARGET })),
  ],
})
for (const cache of caches) await cache.close()
