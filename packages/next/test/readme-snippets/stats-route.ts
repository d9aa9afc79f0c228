// app/api/cache-stats/route.ts
import type { Cache } from '@layercache/core'
import { createStatsRoute } from '@layercache/next'

declare const makeCache: () => Cache // lib/cache.ts, above
export const { GET } = createStatsRoute({ cache: makeCache })
export const dynamic = 'force-dynamic'
