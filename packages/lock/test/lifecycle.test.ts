import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

describe('lifecycle', () => {
  it('no timer keeps the process alive', { timeout: 180_000 }, () => {
    const script = fileURLToPath(new URL('./support/exits-by-itself.ts', import.meta.url))
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(child.stderr).toBe('')
    expect(child.stdout.trim()).toBe('done')
    expect(child.status).toBe(0)
    // A timer holding the event loop open keeps the child alive until spawnSync kills it (status null).
    expect(child.signal).toBeNull()
  })
})
