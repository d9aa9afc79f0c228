import { createIncrementalCacheHandler } from '@layercache/next'
import { makeCache } from './cache.mjs'

export default createIncrementalCacheHandler({ cache: makeCache })
