/*
 * Child process of the memory benchmark: fills one contender and prints what it retains, as JSON.
 * Run with --expose-gc. Keys and values are created before the baseline, so what is measured is the
 * cache's own cost per entry, not the strings the application would hold anyway.
 */
import { MEMORY_CONTENDERS, type MemoryContenderName } from './memory-contenders.js'

/** What one child reports. */
export interface RetainedBytes {
  readonly contender: string
  readonly entries: number
  /** V8 heap growth. */
  readonly heapBytes: number
  /** Growth outside the V8 heap: typed-array backing stores live there, not in `heapUsed`. */
  readonly externalBytes: number
}

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc')

function settledMemory(): { heap: number; external: number } {
  // Several passes: the first can leave work (weak references, finalizers) for the next.
  for (let pass = 0; pass < 4; pass++) gc!()
  const usage = process.memoryUsage()
  return { heap: usage.heapUsed, external: usage.external }
}

const name = process.argv[2] as MemoryContenderName
const entryCount = Number(process.argv[3])
const fill = MEMORY_CONTENDERS[name]
if (fill === undefined) throw new Error(`unknown contender ${name}`)

const keys = Array.from({ length: entryCount }, (_, index) => `k${index}`)
const values = Array.from({ length: entryCount }, (_, index) => `value-${index}`)
const before = settledMemory()
const filled = await fill(keys, values)
const after = settledMemory()
if (filled.size !== entryCount)
  throw new Error(`${name} holds ${filled.size} entries, expected ${entryCount}`)

const report: RetainedBytes = {
  contender: name,
  entries: filled.size,
  heapBytes: after.heap - before.heap,
  externalBytes: after.external - before.external,
}
process.stdout.write(`${JSON.stringify(report)}\n`)
// Read after the measurement, so nothing could collect the cache, keys or values before it.
if (filled.cache === undefined || keys.length + values.length === 0) process.exitCode = 1
