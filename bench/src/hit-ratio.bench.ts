/*
 * Hit ratio of the eviction policy alone: layercache's memory store (SIEVE) against lru-cache (LRU)
 * at the same capacity, replaying the same seeded trace as "get; on a miss, set". The memory store
 * is driven directly, with byte limits out of the way, so nothing but eviction decides the result.
 */
import { createMemoryStore } from '@layercache/core'
import type { StoredEntry } from '@layercache/core/store'
import { LRUCache } from 'lru-cache'
import { formatTable, verdict } from './harness/format-table.js'
import { type ScanPattern, syntheticTrace } from './traces/synthetic-trace.js'

const TRACE_LENGTH = 2_000_000
/** Requests replayed before counting starts, so both caches are judged full, not while filling. */
const WARMUP_REQUESTS = 200_000
const ITEM_COUNT = 100_000
const ZIPF_EXPONENT = 0.99
const SEED = 20_240_601
const SCAN: ScanPattern = { every: 10_000, length: 2_000 }
const CAPACITIES = [1_000, 10_000]
const TARGET_POINTS = 5

/** A cache reduced to what the replay needs: was it there, and keep it. */
interface Policy {
  has(key: string): boolean
  add(key: string): void
  /** Entries held now: checked against the capacity, so neither cache wins by holding more. */
  size(): number
  close(): void
}

const STORED: StoredEntry = { value: 'v', createdAt: 0, expiresAt: Infinity, staleUntil: Infinity, size: 1 }

function layercachePolicy(capacity: number): Policy {
  const store = createMemoryStore({
    maxEntries: capacity,
    maxBytes: Number.MAX_SAFE_INTEGER,
    sweepInterval: 0,
  })
  return {
    has: (key) => store.get(key) !== undefined,
    add: (key) => store.set(key, STORED),
    size: () => store.size,
    close: () => store.close(),
  }
}

function lruPolicy(capacity: number): Policy {
  const lru = new LRUCache<string, string>({ max: capacity })
  return {
    has: (key) => lru.get(key) !== undefined,
    add: (key) => lru.set(key, 'v'),
    size: () => lru.size,
    close: () => lru.clear(),
  }
}

function replay(policy: Policy, capacity: number, trace: readonly string[]): number {
  let hits = 0
  let largest = 0
  for (let index = 0; index < trace.length; index++) {
    const key = trace[index]!
    if (policy.has(key)) {
      if (index >= WARMUP_REQUESTS) hits++
    } else {
      policy.add(key)
      largest = Math.max(largest, policy.size())
    }
  }
  policy.close()
  if (largest !== capacity) throw new Error(`a cache of capacity ${capacity} held up to ${largest} entries`)
  return hits / (trace.length - WARMUP_REQUESTS)
}

const traces = [
  {
    name: `Zipf ${ZIPF_EXPONENT} + scans of ${SCAN.length.toLocaleString('en-US')} every ${SCAN.every.toLocaleString('en-US')}`,
    judged: true,
    requests: syntheticTrace({
      length: TRACE_LENGTH,
      itemCount: ITEM_COUNT,
      exponent: ZIPF_EXPONENT,
      seed: SEED,
      scan: SCAN,
    }),
  },
  {
    name: `Zipf ${ZIPF_EXPONENT}, no scans`,
    judged: false,
    requests: syntheticTrace({
      length: TRACE_LENGTH,
      itemCount: ITEM_COUNT,
      exponent: ZIPF_EXPONENT,
      seed: SEED,
    }),
  },
]

const rows: string[][] = [
  ['trace', 'capacity', 'lru-cache 11', 'layercache', 'difference', 'target', 'verdict'],
]
for (const trace of traces) {
  for (const capacity of CAPACITIES) {
    const lru = replay(lruPolicy(capacity), capacity, trace.requests)
    const layercache = replay(layercachePolicy(capacity), capacity, trace.requests)
    const points = (layercache - lru) * 100
    rows.push([
      trace.name,
      capacity.toLocaleString('en-US'),
      `${(lru * 100).toFixed(2)}%`,
      `${(layercache * 100).toFixed(2)}%`,
      `${points >= 0 ? '+' : ''}${points.toFixed(2)} pt`,
      trace.judged ? `>= +${TARGET_POINTS} pt` : 'report only',
      trace.judged ? verdict(points >= TARGET_POINTS) : '-',
    ])
  }
}
console.log(
  `\n## Hit ratio, memory store vs lru-cache at equal capacity (${ITEM_COUNT.toLocaleString('en-US')} keys, ` +
    `${TRACE_LENGTH.toLocaleString('en-US')} requests, first ${WARMUP_REQUESTS.toLocaleString('en-US')} not counted, seed ${SEED})\n`,
)
console.log(formatTable(rows))
