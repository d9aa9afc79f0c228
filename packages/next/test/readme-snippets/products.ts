// lib/products.ts
import type { Cache } from '@layercache/core'
import { cached } from '@layercache/next'

declare const makeCache: () => Cache // lib/cache.ts, above
declare const db: { products: { find(id: string): Promise<{ id: string; name: string }> } }

export const getProduct = cached((id: string) => db.products.find(id), {
  key: (id) => `product:${id}`,
  tags: (id) => ['products', `product:${id}`],
  ttl: '5m',
  grace: '1h',
  cache: makeCache, // the handlers' cache when they were given the same function
})
