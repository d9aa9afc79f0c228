import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type RedisServerHandle, startRedisServer } from '@layercache/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const examplesDir = join(import.meta.dirname, '..', 'examples')
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.ts'))
const tsx = createRequire(import.meta.url).resolve('tsx/cli')

// Every code block of the site comes from these files (or the repository's examples/, which
// `pnpm examples` runs); each one checks what it shows with node:assert and exits non-zero otherwise.
describe("the site's example files run as shown", () => {
  // A Redis of the test's own: the examples use their own namespaces and clear them.
  let redis: RedisServerHandle
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => redis?.stop())

  it('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(10)
  })

  // A few at a time: each is its own process.
  it.concurrent.each(examples)('%s', async (name) => {
    const run = await promisify(execFile)(process.execPath, [tsx, join(examplesDir, name)], {
      env: { ...process.env, REDIS_URL: redis.url },
      encoding: 'utf8',
      timeout: 60_000,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => error)
    expect('code' in run ? run.code : 0, `${name} failed:\n${run.stdout}\n${run.stderr}`).toBe(0)
  })
})
