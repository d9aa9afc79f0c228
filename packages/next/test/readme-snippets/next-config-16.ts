// next.config.ts (Next 16)
import { withLayercache } from '@layercache/next'

export default withLayercache(
  { cacheComponents: true, images: { customCacheHandler: true } }, // images: 16.2+
  { cacheHandler: './cache-handler.mjs', useCacheHandler: './use-cache-handler.mjs' },
)
