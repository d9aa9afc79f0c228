import { createStatsRoute } from '@layercache/next'
import { makeCache } from '@/cache.mjs'

// This server's counters (hits and misses per layer, loader calls and latency) for the dashboard. With
// Redis, `global: true` (the default) would sum hits and misses over every server instead.
export const { GET } = createStatsRoute({ cache: makeCache, global: false })
export const dynamic = 'force-dynamic'
