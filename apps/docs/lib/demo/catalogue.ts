import { cached } from '@layercache/next'
import { makeCache } from '@/cache.mjs'

const PRODUCTS = 40
const LOAD_DELAY_MS = 15

/** A slow "database" read, cached through the same cache as the site's handlers. */
export const getProduct = cached(
  async (id: number) => {
    await new Promise((resolve) => setTimeout(resolve, LOAD_DELAY_MS))
    return { id, name: `Product ${id}`, price: 5 + ((id * 37) % 95) }
  },
  {
    key: (id) => `demo:product:${id}`,
    tags: (id) => ['demo', `demo:product:${id}`],
    ttl: '20s',
    cache: makeCache,
  },
)

/**
 * One burst of demo traffic: `requests` reads of products chosen with a skew (a few are popular, as in
 * real catalogues), so the hit rate climbs as the popular ones stay in memory.
 */
export async function runDemoLoad(requests: number): Promise<{ requests: number }> {
  const reads: Promise<unknown>[] = []
  for (let index = 0; index < requests; index++) {
    const id = Math.floor(PRODUCTS * Math.random() ** 2)
    reads.push(getProduct(id))
  }
  await Promise.all(reads)
  return { requests }
}
