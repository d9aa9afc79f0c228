import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

describe('lifecycle', () => {
  it('no timer keeps the process alive', () => {
    const script = fileURLToPath(new URL('./support/exits-by-itself.ts', import.meta.url))
    const started = Date.now()
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(child.stderr).toBe('')
    expect(child.stdout.trim()).toBe('done')
    expect(child.status).toBe(0)
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
