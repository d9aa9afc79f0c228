// The published builds, loaded side by side as an application can load them: its own code through
// `import` (dist/index.js) and a CommonJS dependency through `require` (dist/index.cjs). Each build
// is a separate copy of every class and module-level value in core.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

type Core = typeof import('../src/index.js')
type MemoryStore = ReturnType<Core['createMemoryStore']>

const esmFile = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const cjsFile = fileURLToPath(new URL('../dist/index.cjs', import.meta.url))

let esm: Core
let cjs: Core

beforeAll(async () => {
  if (!existsSync(esmFile) || !existsSync(cjsFile)) {
    throw new Error('dist/ is missing: run `pnpm --filter @layercache/core build` first')
  }
  esm = (await import(esmFile)) as Core
  cjs = createRequire(import.meta.url)(cjsFile) as Core
})

/** Counts the calls of one method of `store`, replaced on the instance only. */
function countCalls(store: MemoryStore, method: 'get' | 'setApart'): { calls: number } {
  const counter = { calls: 0 }
  const original = store[method] as (...args: unknown[]) => unknown
  Object.defineProperty(store, method, {
    value: (...args: unknown[]) => {
      counter.calls++
      return original.apply(store, args)
    },
  })
  return counter
}

describe('the ESM and CJS builds in one process', () => {
  it('are two copies of core', () => {
    expect(esm.createMemoryStore).not.toBe(cjs.createMemoryStore)
    expect(esm.createCache).not.toBe(cjs.createCache)
  })

  it('share one cacheManager: a value set through import reads back through require', async () => {
    expect(esm.cacheManager).toBe(cjs.cacheManager)
    const key = `module-formats:${Math.random()}`
    await esm.cacheManager.set(key, { from: 'esm' }, 60)
    expect(await cjs.cacheManager.get(key)).toEqual({ from: 'esm' })
    await cjs.cacheManager.set(key, { from: 'cjs' }, 60)
    expect(await esm.cacheManager.get(key)).toEqual({ from: 'cjs' })
    await esm.cacheManager.delete(key)
  })

  it.each([
    ['an ESM cache on a CJS memory store', () => [esm, cjs.createMemoryStore()] as const],
    ['a CJS cache on an ESM memory store', () => [cjs, esm.createMemoryStore()] as const],
    ['an ESM cache on an ESM memory store', () => [esm, esm.createMemoryStore()] as const],
  ])('%s reads fresh entries on the fast path and hands keys to it apart', async (_, make) => {
    const [core, store] = make()
    const gets = countCalls(store, 'get')
    const writesApart = countCalls(store, 'setApart')
    const cache = core.createCache({ namespace: 'formats', layers: [store] })
    await cache.set('user:1', { name: 'Ada' })
    expect(writesApart.calls).toBe(1)
    for (let read = 0; read < 3; read++) expect(await cache.get('user:1')).toEqual({ name: 'Ada' })
    // The fast path reads the store's entry table directly; the full path would call `get`.
    expect(gets.calls).toBe(0)
    await cache.close()
  })

  it('writes through the own set of a wrapped memory store from the other copy', async () => {
    const store = cjs.createMemoryStore() as MemoryStore & { sets: number }
    const ownSet = store.set.bind(store)
    store.sets = 0
    store.set = (...args: Parameters<MemoryStore['set']>): void => {
      store.sets++
      ownSet(...args)
    }
    const cache = esm.createCache({ layers: [store] })
    await cache.set('key', 1)
    // A store whose `set` was replaced must see every write through it, not through `setApart`.
    expect(store.sets).toBe(1)
    expect(await cache.get('key')).toBe(1)
    await cache.close()
  })
})
