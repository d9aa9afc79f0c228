import { withLayercache } from '@layercache/next'

// One build, two ways to start it: `next start` reads this file again, so the benchmark starts the
// same build with layercache's handlers or with Next's own (LAYERCACHE_BENCH_HANDLERS=default).
const nextConfig = { experimental: { useCache: true, turbopackFileSystemCacheForBuild: false } }

export default process.env.LAYERCACHE_BENCH_HANDLERS === 'default'
  ? nextConfig
  : withLayercache(nextConfig, {
      cacheHandler: './cache-handler.mjs',
      useCacheHandler: './use-cache-handler.mjs',
    })
