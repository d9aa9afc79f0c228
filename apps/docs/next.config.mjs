import { withLayercache } from '@layercache/next'
import { createMDX } from 'fumadocs-mdx/next'

const withMDX = createMDX()

/** @type {import('next').NextConfig} */
const config = {
  reactStrictMode: true,
  serverExternalPackages: ['typescript', 'twoslash', 'ioredis'],
}

// The site runs on @layercache/next: its ISR pages and route handlers are cached by layercache.
export default withLayercache(withMDX(config), {
  cacheHandler: './cache-handler.mjs',
  useCacheHandler: './use-cache-handler.mjs',
})
