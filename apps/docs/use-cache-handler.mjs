import { createUseCacheHandler } from '@layercache/next'
import { makeCache } from './cache.mjs'

export default createUseCacheHandler({ cache: makeCache })
