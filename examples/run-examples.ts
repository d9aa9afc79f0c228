// Runs every example in its own process. basic and with-invalidation use the embedded in-memory
// store; with-redis runs when REDIS_URL is set and otherwise says what it needs.
import { spawnSync } from 'node:child_process'

const examples = ['basic.ts', 'with-invalidation.ts', 'with-redis.ts']
for (const example of examples) {
  console.log(`\n═══ ${example} ${'═'.repeat(60 - example.length)}`)
  if (example === 'with-redis.ts' && !process.env.REDIS_URL) {
    console.log(
      'skipped: set REDIS_URL (for example REDIS_URL=redis://127.0.0.1:6379) to run the Redis example',
    )
    continue
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', example], { stdio: 'inherit' })
  if (run.status !== 0) {
    console.error(`${example} failed`)
    process.exit(run.status ?? 1)
  }
}
