// next.config.ts (Next 16)
import { withLayercache } from '@layercache/next'

export default withLayercache(
  { cacheComponents: true },
  { cacheHandler: './cache-handler.mjs', useCacheHandler: './use-cache-handler.mjs' },
)
