// app/api/cache-stats/route.ts
import { createStatsRoute } from '@layercache/next'
import { makeCache } from './cache.js'

export const { GET } = createStatsRoute({ cache: makeCache })
export const dynamic = 'force-dynamic'
