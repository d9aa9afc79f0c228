import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  findFreePort,
  type RedisServerHandle,
  sharedUpstashRestServer,
  startRedisServer,
  uniquePrefix,
} from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NextServer, nextBuild, nextStart, stampOf } from './next-app.js'

const BUILD_TIMEOUT = 10 * 60_000

/** Polls until `check` passes (a page refreshed in the background shows up on a later request). */
async function eventually<T>(check: () => Promise<T>, deadline = 30_000): Promise<T> {
  const until = Date.now() + deadline
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > until) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

async function revalidate(server: NextServer, query: string): Promise<void> {
  const response = await fetch(`${server.url}/api/revalidate?${query}`, { method: 'POST' })
  expect(response.status).toBe(200)
}

/** A page's stamp once two requests in a row agree (the first request after start may render). */
async function settledStamp(server: NextServer, path: string, id: string): Promise<string> {
  return eventually(async () => {
    const first = await stampOf(server, path, id)
    expect(await stampOf(server, path, id)).toBe(first)
    return first
  })
}

/** What a fixture app offers beyond the common pages. */
export interface AppSuiteOptions {
  /** The Next version, for the suite's name. */
  version: string
  /** The fixture app's directory. */
  appDir: string
  /** Next 16: `revalidateTag(tag, profile)`, `updateTag`, a page on `cached`, and optimized images. */
  next16: boolean
  /** The app has an Edge middleware on `@upstash/redis` (15.5). */
  edge?: boolean
}

/** A cookie's attributes as a server set them, from its `set-cookie` header. */
function setCookie(response: Response): { value: string; attributes: string[] } | undefined {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith('lc_session='))
  if (header === undefined) return undefined
  const [pair, ...attributes] = header.split(';').map((part) => part.trim())
  return {
    value: pair!.slice('lc_session='.length),
    attributes: attributes.map((part) => part.toLowerCase()),
  }
}

/**
 * Builds the fixture app once (with no Redis reachable), starts two servers of that build on one Redis
 * (a random prefix), and checks over HTTP and in Chromium that what one server revalidates the other
 * sees.
 */
export function appSuite({ version, appDir, next16, edge = false }: AppSuiteOptions): void {
  const name = `next ${version}: two \`next start\` servers of one build, sharing Redis through @layercache/next`
  describe(name, { timeout: 60_000 }, () => {
    // A Redis of the suite's own, so that its connections can be counted.
    let redisServer: RedisServerHandle
    let serverA: NextServer
    let serverB: NextServer

    beforeAll(async () => {
      // Nothing listens on this port: the build proves it needs no Redis.
      const deadRedis = `redis://127.0.0.1:${await findFreePort()}`
      // LAYERCACHE_E2E_REUSE_BUILD=1 (by hand, when changing only the assertions) skips the build.
      if (process.env.LAYERCACHE_E2E_REUSE_BUILD !== '1' || !existsSync(join(appDir, '.next', 'BUILD_ID')))
        await nextBuild(appDir, { REDIS_URL: deadRedis })
      redisServer = await startRedisServer()
      // The Edge middleware's HTTP client reaches the same Redis through a local Upstash REST server.
      const upstash = edge ? await sharedUpstashRestServer(redisServer.url) : undefined
      const env = {
        REDIS_URL: redisServer.url,
        LAYERCACHE_PREFIX: uniquePrefix(`next-e2e-${version}`),
        ...(upstash ? { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token } : {}),
      }
      ;[serverA, serverB] = await Promise.all([
        nextStart(appDir, { ...env, INSTANCE_NAME: 'a' }),
        nextStart(appDir, { ...env, INSTANCE_NAME: 'b' }),
      ])
    }, BUILD_TIMEOUT)

    afterAll(async () => {
      await Promise.all([serverA?.stop(), serverB?.stop()])
      await redisServer?.stop()
    })

    it('an ISR page rendered on A is served by B; revalidateTag(tag) on A makes B render anew', async () => {
      const first = await settledStamp(serverA, '/isr', 'page-stamp')
      await eventually(async () => expect(await stampOf(serverB, '/isr', 'page-stamp')).toBe(first))
      await revalidate(serverA, 'tag=isr-data') // the unstable_cache tag, found in the page's tags
      const renewed = await eventually(async () => {
        const stamp = await stampOf(serverB, '/isr', 'page-stamp')
        expect(stamp).not.toBe(first)
        return stamp
      })
      await eventually(async () => expect(await stampOf(serverA, '/isr', 'page-stamp')).toBe(renewed))
    })

    // Next 16 only: tag profiles (15.5's revalidateTag always expires now).
    if (next16)
      it("revalidateTag(tag, 'max') on B: A serves the page stale once, then the fresh one", async () => {
        const before = await settledStamp(serverA, '/isr', 'page-stamp')
        await revalidate(serverB, 'tag=isr-data&mode=max')
        // Stale-while-revalidate: the request that finds it stale still gets the old page...
        expect(await stampOf(serverA, '/isr', 'page-stamp')).toBe(before)
        // ...and a later one the page rendered in the background.
        await eventually(async () => expect(await stampOf(serverA, '/isr', 'page-stamp')).not.toBe(before))
      })

    it('revalidatePath on B reaches the page on A (its implicit _N_T_ tags)', async () => {
      const before = await settledStamp(serverA, '/isr', 'page-stamp')
      await revalidate(serverB, 'path=/isr')
      await eventually(async () => expect(await stampOf(serverA, '/isr', 'page-stamp')).not.toBe(before))
    })

    it(`'use cache' entries are shared, and revalidated across servers (${next16 ? 'now, and with a stale window' : 'now'})`, async () => {
      const first = await settledStamp(serverA, '/use-cache', 'uc-stamp')
      await eventually(async () => expect(await stampOf(serverB, '/use-cache', 'uc-stamp')).toBe(first))
      await revalidate(serverA, 'tag=uc-data')
      const second = await eventually(async () => {
        const stamp = await stampOf(serverB, '/use-cache', 'uc-stamp')
        expect(stamp).not.toBe(first)
        return stamp
      })
      await eventually(async () => expect(await stampOf(serverA, '/use-cache', 'uc-stamp')).toBe(second))
      if (!next16) return
      await revalidate(serverB, 'tag=uc-data&mode=max')
      await eventually(async () => expect(await stampOf(serverA, '/use-cache', 'uc-stamp')).not.toBe(second))
    })

    // Next 16 only: profiles, and `cached` (whose tags reach Next's 'use cache' entries via cacheTag).
    // Next 16 only: a 'use cache: remote' function on the same handler.
    if (next16)
      it("'use cache: remote' entries are shared and revalidated across servers", async () => {
        const first = await settledStamp(serverA, '/use-cache', 'remote-stamp')
        await eventually(async () => expect(await stampOf(serverB, '/use-cache', 'remote-stamp')).toBe(first))
        await revalidate(serverB, 'tag=remote-data')
        await eventually(async () =>
          expect(await stampOf(serverA, '/use-cache', 'remote-stamp')).not.toBe(first),
        )
      })

    // Next 16 fixture only: a Pages Router page.
    if (next16)
      it('Pages Router ISR: a page rendered on A is served by B, and notFound is a 404 on both', async () => {
        const first = await settledStamp(serverA, '/legacy/1', 'legacy-stamp')
        await eventually(async () => expect(await stampOf(serverB, '/legacy/1', 'legacy-stamp')).toBe(first))
        for (const server of [serverA, serverB, serverA, serverB]) {
          const response = await fetch(`${server.url}/legacy/missing`)
          expect(response.status).toBe(404)
          await response.arrayBuffer()
        }
      })

    // Next 16 only: the fixture's page on `cached`.
    if (next16)
      it("a `cached` function's value is shared, and Next's revalidateTag on another server reloads it", async () => {
        const first = await settledStamp(serverA, '/cached', 'cached-stamp')
        await eventually(async () => expect(await stampOf(serverB, '/cached', 'cached-stamp')).toBe(first))
        await revalidate(serverB, 'tag=cached-data')
        await eventually(async () =>
          expect(await stampOf(serverA, '/cached', 'cached-stamp')).not.toBe(first),
        )
      })

    it('a session committed on A is read on B, updated on B and read on A, and destroyed on A is gone on B', async () => {
      const session = (server: NextServer, init: RequestInit = {}, cookie?: string): Promise<Response> =>
        fetch(`${server.url}/api/session`, {
          ...init,
          headers: {
            'content-type': 'application/json',
            ...(cookie ? { cookie: `lc_session=${cookie}` } : {}),
          },
        })
      const sessionOf = async (server: NextServer, cookie: string) =>
        ((await (await session(server, {}, cookie)).json()) as { session: unknown }).session
      const login = await session(serverA, {
        method: 'POST',
        body: JSON.stringify({ userId: 'ada', data: { cart: ['apple'] } }),
      })
      expect(login.status).toBe(200)
      const cookie = setCookie(login)
      expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(cookie?.attributes).toEqual(
        expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']),
      )
      const id = cookie!.value
      expect(await (await session(serverB, {}, id)).json()).toEqual({
        instance: 'b',
        session: { userId: 'ada', data: { cart: ['apple'] } },
      })
      expect(await (await session(serverB)).json()).toEqual({ instance: 'b', session: null })

      const update = await session(
        serverB,
        { method: 'POST', body: JSON.stringify({ userId: 'ada', data: { cart: ['apple', 'pear'] } }) },
        id,
      )
      expect(setCookie(update)).toBeUndefined() // same user, same session: the cookie stays
      await eventually(async () =>
        expect(await sessionOf(serverA, id)).toEqual({
          userId: 'ada',
          data: { cart: ['apple', 'pear'] },
        }),
      )

      const logout = await session(serverA, { method: 'DELETE' }, id)
      expect(await logout.json()).toEqual({ instance: 'a', destroyed: true })
      expect(setCookie(logout)?.value).toBe('')
      // The old cookie, replayed on the other server, no longer opens the session.
      await eventually(async () => expect(await sessionOf(serverB, id)).toBeNull())
    })

    // Next 16.2+: optimized images go through the incremental cache handler (images.customCacheHandler).
    if (next16)
      it('a next/image optimized on A is cached in Redis and served from there by B', async () => {
        const html = await (await fetch(`${serverA.url}/image`)).text()
        const src = /<img[^>]*id="gradient"[^>]*\ssrc="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&')
        expect(src).toMatch(/^\/_next\/image\?url=%2Fgradient.png&w=\d+&q=\d+$/)
        const onA = await fetch(`${serverA.url}${src}`, { headers: { accept: 'image/webp' } })
        expect(onA.status).toBe(200)
        expect(onA.headers.get('content-type')).toBe('image/webp')
        expect(onA.headers.get('x-nextjs-cache')).toBe('MISS') // optimized here, then stored
        const optimized = Buffer.from(await onA.arrayBuffer())
        // B never optimized it: a HIT there is the entry A wrote to the shared cache.
        await eventually(async () => {
          const onB = await fetch(`${serverB.url}${src}`, { headers: { accept: 'image/webp' } })
          expect(onB.headers.get('x-nextjs-cache')).toBe('HIT')
          expect(Buffer.from(await onB.arrayBuffer()).equals(optimized)).toBe(true)
        })
      })

    // Next 16 fixture: revalidatePath reaches a `cached` value through the page's implicit tags.
    if (next16)
      it("revalidatePath on B reloads a `cached` value loaded by A's page (the page's implicit tags)", async () => {
        const before = await settledStamp(serverA, '/cached', 'cached-stamp')
        await revalidate(serverB, 'path=/cached')
        await eventually(async () =>
          expect(await stampOf(serverA, '/cached', 'cached-stamp')).not.toBe(before),
        )
      })

    // 15.5 fixture: an Edge middleware with @upstash/redis rate-limits and reads the Node servers' cache.
    if (edge)
      it('the Edge middleware rate-limits across both servers and reads a value the Node servers cached', async () => {
        const client = `client-${Math.random().toString(36).slice(2)}`
        const limited = (server: NextServer) =>
          fetch(`${server.url}/edge/limited`, { headers: { 'x-client-id': client } })
        const statuses: number[] = []
        for (const server of [serverA, serverB, serverA, serverB]) {
          const response = await limited(server)
          statuses.push(response.status)
          if (response.status === 200) {
            expect(await response.json()).toEqual({ ok: true, runtime: 'edge' })
            expect(response.headers.get('ratelimit-policy')).toMatch(/q=3;w=60/)
          } else {
            expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
            await response.arrayBuffer()
          }
        }
        expect(statuses).toEqual([200, 200, 200, 429]) // one budget of 3, shared by A and B

        const text = `hello ${client}`
        const written = await fetch(`${serverA.url}/api/greeting?text=${encodeURIComponent(text)}`, {
          method: 'POST',
        })
        expect(await written.json()).toEqual({ text, from: 'a' })
        for (const server of [serverB, serverA]) {
          const response = await fetch(`${server.url}/edge/greeting`)
          expect(await response.json()).toEqual({ greeting: { text, from: 'a' }, runtime: 'edge' })
        }
      })

    it('Redis connections stay flat over 100 requests (one cache per process, not one per request)', async () => {
      const admin = new Redis(redisServer.url)
      try {
        const clients = async () =>
          String(await admin.call('CLIENT', 'LIST'))
            .split('\n')
            .filter((line) => / name=next-[ab] /.test(line)).length
        await Promise.all([
          stampOf(serverA, '/isr', 'page-stamp'),
          stampOf(serverB, '/use-cache', 'uc-stamp'),
        ])
        const before = await clients()
        for (let round = 0; round < 25; round++) {
          await Promise.all([
            stampOf(serverA, '/isr', 'page-stamp'),
            stampOf(serverB, '/isr', 'page-stamp'),
            stampOf(serverA, '/use-cache', 'uc-stamp'),
            stampOf(serverB, '/use-cache', 'uc-stamp'),
          ])
        }
        expect(await clients()).toBe(before)
        // Each server: one client and one bus subscriber (the fixture names its connections next-a/next-b).
        expect(before).toBe(4)
      } finally {
        admin.disconnect()
      }
    })

    it('in Chromium: a page loads, a client-side navigation renders from the cached RSC data, and updateTag (revalidateTag on 15.5) in a server action reaches the other server', async () => {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
        ],
      })
      try {
        const page = await browser.newPage()
        const pageErrors: string[] = []
        page.on('pageerror', (error) => pageErrors.push(error.message))
        await page.goto(`${serverA.url}/use-cache`)
        const before = await page.locator('#uc-stamp').textContent()
        expect(before).toMatch(/^[ab]:/)

        await page.click('#to-isr')
        await page.waitForURL('**/isr')
        await expect.poll(() => page.locator('#page-stamp').textContent()).toMatch(/^[ab]:/)

        await page.click('#to-use-cache')
        await page.waitForURL('**/use-cache')
        await page.click('#update') // a server action calling updateTag('uc-data') (15.5: revalidateTag)
        await expect.poll(() => page.locator('#uc-stamp').textContent(), { timeout: 30_000 }).not.toBe(before)
        const updated = await page.locator('#uc-stamp').textContent()
        await eventually(async () => expect(await stampOf(serverB, '/use-cache', 'uc-stamp')).toBe(updated))
        expect(pageErrors).toEqual([])
      } finally {
        await browser.close()
      }
    }, 120_000)

    // Last: it stops the suite's Redis.
    it('Redis stopped mid-run: every page still answers 200, each within a deadline', async () => {
      await redisServer.stop()
      const deadlineMs = 15_000 // the store times out after 500 ms; this only catches a hang
      const paths = next16 ? ['/', '/isr', '/use-cache', '/cached'] : ['/', '/isr', '/use-cache']
      for (let round = 0; round < 3; round++) {
        for (const server of [serverA, serverB]) {
          for (const path of paths) {
            const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(deadlineMs) })
            expect(response.status, `${path} on round ${round}`).toBe(200)
            await response.arrayBuffer()
          }
          const revalidation = await fetch(`${server.url}/api/revalidate?tag=isr-data`, {
            method: 'POST',
            signal: AbortSignal.timeout(deadlineMs),
          })
          expect(revalidation.status).toBe(200)
        }
      }
    })
  })
}
