// next.config.ts (Next 15.5)
import { withLayercache } from '@layercache/next'

export default withLayercache(
  { experimental: { useCache: true } },
  { cacheHandler: './cache-handler.mjs', useCacheHandler: './use-cache-handler.mjs' },
)
