/*
 * Runs every benchmark in sequence, each in its own Node process, so one benchmark's heap and JIT
 * state never colour the next one's numbers.
 */
import { fileURLToPath } from 'node:url'
import { runTypeScript } from './harness/run-typescript.js'

const BENCHMARKS = [
  'l1-hit.bench.ts',
  'get-or-set.bench.ts',
  'hit-ratio.bench.ts',
  'memory-per-entry.bench.ts',
]

console.log(
  `layercache benchmarks — ${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}`,
)
for (const benchmark of BENCHMARKS) {
  // --expose-gc lets the throughput harness start each sample from a clean heap.
  runTypeScript(fileURLToPath(new URL(`./${benchmark}`, import.meta.url)), { nodeFlags: ['--expose-gc'] })
}
