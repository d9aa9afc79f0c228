import { getRedisUrl, startTcpProxy, type TcpProxy } from '@layercache/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createIncrementalCacheHandler,
  createUseCacheHandler,
  type IncrementalCacheHandler,
  type IncrementalCacheValue,
  type UseCacheHandler,
} from '../src/index.js'
import { forgetProcessCaches } from '../src/process-cache.js'
import { type Deployment, eventually, redisDeployment } from './support/instances.js'
import { valuesOfEveryKind } from './support/values.js'

const STORE_TIMEOUT_MS = 300
// Generous against a loaded machine, yet far below "hangs until Redis returns".
const DEADLINE_MS = 10 * STORE_TIMEOUT_MS

/** Fails if `call` has not settled by the deadline; answers what it resolved to. */
async function withinDeadline<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${DEADLINE_MS} ms`)), DEADLINE_MS)
  })
  try {
    return await Promise.race([call, late])
  } finally {
    clearTimeout(timer)
  }
}

const control = { revalidate: 60, expire: 3600 }
const read = { kind: 'APP_PAGE', isFallback: false }

describe('Redis black-holed under one server', () => {
  let deployment: Deployment
  let proxy: TcpProxy
  let cutOff: IncrementalCacheHandler
  let healthy: IncrementalCacheHandler
  let cutOffUseCache: UseCacheHandler

  beforeEach(async () => {
    forgetProcessCaches()
    deployment = await redisDeployment('next-down')
    proxy = await startTcpProxy(await getRedisUrl())
    const behindProxy = await deployment.instance({ url: proxy.url, timeout: `${STORE_TIMEOUT_MS}ms` })
    const quiet = { onError: () => {} }
    cutOff = new (createIncrementalCacheHandler({ cache: behindProxy.cache, name: 'cut', ...quiet }))({})
    cutOffUseCache = createUseCacheHandler({ cache: behindProxy.cache, name: 'cut', ...quiet })
    healthy = new (createIncrementalCacheHandler({ cache: (await deployment.instance()).cache, name: 'ok' }))(
      {},
    )
  })
  afterEach(async () => {
    proxy.setMode('pass')
    await deployment.close()
    await proxy.close()
  })

  it('every call settles within the deadline, and a page invalidated meanwhile is never served', async () => {
    const page = valuesOfEveryKind().appPage as Extract<IncrementalCacheValue, { kind: 'APP_PAGE' }>
    await cutOff.set('/p', page, { cacheControl: control })
    expect((await healthy.get('/p', read))?.value).toEqual(page)
    expect((await cutOff.get('/p', read))?.value).toEqual(page) // in its memory layer now

    proxy.setMode('blackhole')
    await healthy.revalidateTag('products') // the page's tag, on the server that still reaches Redis
    await healthy.revalidateTag('other', { expire: 600 })

    // The cut-off server cannot hear it; once its bus is silent for its heartbeat timeout it stops
    // trusting memory, and every read goes to Redis and times out: a miss, never the old page.
    await eventually(async () => expect(await withinDeadline(cutOff.get('/p', read))).toBeNull())
    for (let round = 0; round < 5; round++) {
      expect(await withinDeadline(cutOff.get('/p', read))).toBeNull()
      await withinDeadline(cutOff.set(`/new${round}`, page, { cacheControl: control }))
      await withinDeadline(cutOff.revalidateTag(['products']))
      expect(await withinDeadline(cutOffUseCache.get('uc', ['_N_T_/page']))).toBeUndefined()
      await withinDeadline(
        cutOffUseCache.set(
          'uc',
          Promise.resolve({
            value: new Blob(['x']).stream(),
            tags: [],
            stale: 0,
            timestamp: Date.now(),
            expire: 60,
            revalidate: 30,
          }),
        ),
      )
    }

    // Redis back: the server catches up (resubscribes, empties its memory) and reads the new page.
    await healthy.set('/p', { ...page, html: 'renewed' }, { cacheControl: control })
    proxy.setMode('pass')
    await eventually(async () => {
      const got = await cutOff.get('/p', read)
      expect((got?.value as { html?: string } | undefined)?.html).toBe('renewed')
    }, 20_000)
  })
})
