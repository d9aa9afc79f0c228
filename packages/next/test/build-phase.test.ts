import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createIncrementalCacheHandler, createUseCacheHandler } from '../src/index.js'
import { forgetProcessCaches, isBuildPhase } from '../src/process-cache.js'

describe('next build (NEXT_PHASE=phase-production-build)', () => {
  beforeEach(() => {
    forgetProcessCaches()
    process.env.NEXT_PHASE = 'phase-production-build'
  })
  afterEach(() => {
    delete process.env.NEXT_PHASE
    forgetProcessCaches()
  })

  it('never calls the cache factory (so never touches Redis); the handlers work on memory', async () => {
    expect(isBuildPhase()).toBe(true)
    const factory = () => {
      throw new Error('the factory must not run during a build')
    }
    const errors: unknown[] = []
    const Handler = createIncrementalCacheHandler({ cache: factory, onError: (error) => errors.push(error) })
    const handler = new Handler({})
    const page = { kind: 'REDIRECT' as const, props: { to: '/' } }
    await handler.set('/r', page, { cacheControl: { revalidate: 60, expire: 600 } })
    expect((await new Handler({}).get('/r', { kind: 'APP_PAGE' }))?.value).toEqual(page)
    await handler.revalidateTag('x')

    const useCache = createUseCacheHandler({ cache: factory, onError: (error) => errors.push(error) })
    const bytes = new TextEncoder().encode('rendered')
    await useCache.set(
      'k',
      Promise.resolve({
        value: new Blob([bytes]).stream(),
        tags: ['t'],
        stale: 0,
        timestamp: Date.now(),
        expire: 60,
        revalidate: 30,
      }),
    )
    expect(await new Response((await useCache.get('k', []))!.value).text()).toBe('rendered')
    expect(errors).toEqual([])
  })

  it('outside the build the factory runs', async () => {
    delete process.env.NEXT_PHASE
    let made = 0
    const Handler = createIncrementalCacheHandler({
      cache: () => {
        made++
        throw new Error('no Redis configured')
      },
      onError: () => {},
    })
    expect(await new Handler({}).get('/x', { kind: 'PAGES' })).toBeNull()
    expect(made).toBe(1)
  })
})
