/*
 * What refusing a value over `maxValueBytes` costs: a 10 MB object set into a cache on the memory
 * store and on a serializing store (as Redis is), against `JSON.stringify` of the same object, the
 * least any limit checked after a full serialization would pay. Refusal stops counting once the
 * limit (8 MiB) is passed, so it should cost less than that one serialization.
 */
import { createCache, createMemoryStore, errors, LayercacheError } from '@layercache/core'
import { formatRatio, formatTable, verdict } from './harness/format-table.js'

const TARGET_BYTES = 10_000_000
const ROUNDS = 7
const TARGET_RATIO = 1

function objectOf(bytes: number): { records: object[] } {
  const record = { id: 100_000, name: 'a name of some length', email: 'someone@example.com', active: true }
  const recordBytes = JSON.stringify(record).length + 1
  const records: object[] = []
  for (let index = 0; index < bytes / recordBytes; index++) records.push({ ...record, id: 100_000 + index })
  return { records }
}

/** The median of `ROUNDS` timings of `run`, in milliseconds. */
async function median(run: () => unknown): Promise<number> {
  const timings: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now()
    await run()
    timings.push(performance.now() - start)
  }
  return timings.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!
}

const value = objectOf(TARGET_BYTES)
const stringify = await median(() => JSON.stringify(value))
const rows: string[][] = [
  ['refusing a 10 MB object', 'ms (median)', 'vs JSON.stringify', `target < ${TARGET_RATIO}x`],
]
rows.push(['JSON.stringify (the peer)', stringify.toFixed(1), '1.00x', ''])
for (const [name, layer] of [
  ['memory store', createMemoryStore()],
  ['serializing store', createMemoryStore({ serialize: true })],
] as const) {
  const cache = createCache({ namespace: 'bench', layers: [layer] })
  const refuse = await median(async () => {
    try {
      await cache.set('big', value)
      throw new Error('a 10 MB value was accepted')
    } catch (error) {
      if (!LayercacheError.hasCode(error, errors.VALUE_TOO_LARGE)) throw error
    }
  })
  const ratio = refuse / stringify
  rows.push([name, refuse.toFixed(1), formatRatio(ratio), verdict(ratio < TARGET_RATIO)])
  await cache.close()
}
console.log(`\n## Refusing a value over the 8 MiB limit (Node ${process.version})\n`)
console.log(formatTable(rows))
