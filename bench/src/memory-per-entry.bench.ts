/*
 * Memory per entry for 1M small entries. Each contender runs in its own fresh process, measured as
 * the growth of heapUsed plus external memory (where typed arrays keep their data) after full GCs.
 */
import { fileURLToPath } from 'node:url'
import { formatRatio, formatTable, verdict } from './harness/format-table.js'
import { runTypeScript } from './harness/run-typescript.js'
import type { RetainedBytes } from './memory/measure-retained-bytes.js'
import type { MemoryContenderName } from './memory/memory-contenders.js'

const ENTRY_COUNT = 1_000_000
const TARGET_RATIO = 1.3
const SUBJECT: MemoryContenderName = 'layercache createMemoryStore'
const JUDGED_PEERS: readonly MemoryContenderName[] = ['lru-cache 11', 'lru-cache 11 + ttl']
const CONTEXT_ONLY: readonly MemoryContenderName[] = ['layercache createCache()']

const child = fileURLToPath(new URL('./memory/measure-retained-bytes.ts', import.meta.url))
const measure = (name: MemoryContenderName): RetainedBytes =>
  JSON.parse(
    runTypeScript(child, {
      args: [name, String(ENTRY_COUNT)],
      nodeFlags: ['--expose-gc'],
      captureOutput: true,
    }),
  )

const results = new Map<MemoryContenderName, RetainedBytes>()
for (const name of [SUBJECT, ...JUDGED_PEERS, ...CONTEXT_ONLY]) results.set(name, measure(name))
const perEntry = (name: MemoryContenderName) => {
  const result = results.get(name)!
  return (result.heapBytes + result.externalBytes) / result.entries
}

console.log(
  `\n## Memory per entry, ${ENTRY_COUNT.toLocaleString('en-US')} entries \`k<i>\` -> \`value-<i>\` (Node ${process.version})\n`,
)
console.log(
  formatTable([
    ['contender', 'heap B/entry', 'external B/entry', 'total B/entry'],
    ...[...results.values()].map((result) => [
      result.contender,
      (result.heapBytes / result.entries).toFixed(1),
      (result.externalBytes / result.entries).toFixed(1),
      perEntry(result.contender as MemoryContenderName).toFixed(1),
    ]),
  ]),
)
console.log()
console.log(
  formatTable([
    [`${SUBJECT} vs`, 'ratio', 'target', 'verdict'],
    ...JUDGED_PEERS.map((peer) => {
      const ratio = perEntry(SUBJECT) / perEntry(peer)
      return [peer, formatRatio(ratio), `<= ${TARGET_RATIO}x`, verdict(ratio <= TARGET_RATIO)]
    }),
  ]),
)
