import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'

const worker = fileURLToPath(new URL('./support/stampede-worker.ts', import.meta.url))

async function stampede(processes: number, mode: 'distributed' | 'local') {
  const url = await getRedisUrl()
  const prefix = uniquePrefix(`stampede-${mode}`)
  const children = Array.from({ length: processes }, () =>
    fork(worker, [url, prefix, 'cold-key', mode], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
  )
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))))
  const results = Promise.all(
    children.map(
      (child) =>
        new Promise<{ value: { loadedBy: number } }>((resolve) => child.once('message', resolve as never)),
    ),
  )
  for (const child of children) child.send('go')
  const values = (await results).map((result) => result.value.loadedBy)
  const client = new Redis(url)
  const runs = Number(await client.get(`${prefix}loader-runs`))
  client.disconnect()
  await deleteKeysWithPrefix(url, prefix)
  return { values, runs }
}

describe('stampede protection across processes', () => {
  it('with distributedLoad, a cold key is loaded once by 4 processes and all get that value', async () => {
    const { values, runs } = await stampede(4, 'distributed')
    expect(runs).toBe(1)
    expect(new Set(values).size).toBe(1)
  }, 180_000)

  it('without it, each process loads for itself (the test can tell the difference)', async () => {
    const { runs } = await stampede(4, 'local')
    expect(runs).toBeGreaterThan(1)
  }, 180_000)
})
