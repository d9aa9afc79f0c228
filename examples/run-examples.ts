// Runs every example in its own process, on the embedded in-memory store unless REDIS_URL is set.
import { spawnSync } from 'node:child_process'

const examples = ['basic.ts', 'with-invalidation.ts']
for (const example of examples) {
  console.log(`\n═══ ${example} ${'═'.repeat(60 - example.length)}`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', example], { stdio: 'inherit' })
  if (run.status !== 0) {
    console.error(`${example} failed`)
    process.exit(run.status ?? 1)
  }
}
