import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withLayercache } from '../src/index.js'

const paths = { cacheHandler: './cache-handler.mjs', useCacheHandler: './use-cache-handler.mjs' }

describe('withLayercache', () => {
  it('Next 16: cacheHandler and top-level cacheHandlers as absolute paths, no second memory cache', () => {
    const config = withLayercache(
      { cacheComponents: true, cacheHandlers: { custom: '/x.mjs' } },
      { ...paths, nextMajor: 16 },
    )
    expect(config).toEqual({
      cacheComponents: true,
      cacheMaxMemorySize: 0,
      cacheHandler: resolve('cache-handler.mjs'),
      cacheHandlers: {
        custom: '/x.mjs',
        default: resolve('use-cache-handler.mjs'),
        remote: resolve('use-cache-handler.mjs'),
      },
    })
  })

  it('Next 15.5: cacheHandlers under experimental, keeping what was there', () => {
    const config = withLayercache(
      { experimental: { useCache: true } },
      { ...paths, nextMajor: 15, kinds: ['default'] },
    )
    expect(config).toEqual({
      cacheMaxMemorySize: 0,
      cacheHandler: resolve('cache-handler.mjs'),
      experimental: { useCache: true, cacheHandlers: { default: resolve('use-cache-handler.mjs') } },
    })
  })

  it('reads the installed next when no major is given, and wraps a config function', async () => {
    const wrapped = withLayercache(async (phase: unknown) => ({ env: { phase: String(phase) } }), paths)
    const config = (await wrapped('phase-production-server')) as Record<string, unknown>
    expect(config.env).toEqual({ phase: 'phase-production-server' })
    // next 16 is this package's dev dependency.
    expect(config.cacheHandlers).toEqual({
      default: resolve('use-cache-handler.mjs'),
      remote: resolve('use-cache-handler.mjs'),
    })
  })
})
