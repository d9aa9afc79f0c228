import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { errors, LayercacheError } from '@layercache/core'

/** Options of {@link withLayercache}. Paths are relative to the directory `next` runs in. */
export interface WithLayercacheOptions {
  /**
   * Module whose default export is `createIncrementalCacheHandler(...)`: set as `cacheHandler`.
   * @default not set (Next's own handler)
   */
  cacheHandler?: string
  /**
   * Module whose default export is `createUseCacheHandler(...)`: set as `cacheHandlers` for `kinds`
   * (top level on Next 16, under `experimental` on 15.5).
   * @default not set (Next's own handlers)
   */
  useCacheHandler?: string
  /**
   * The `cacheHandlers` kinds given `useCacheHandler`.
   * @default ['default', 'remote']
   */
  kinds?: readonly string[]
  /**
   * Next's major version.
   * @default read from the installed `next`
   */
  nextMajor?: number
}

// Next's config is loosely typed here on purpose: this package supports two majors' `NextConfig`.
type Config = Record<string, unknown>
type ConfigFunction = (...args: unknown[]) => Config | Promise<Config>

/**
 * Puts layercache's handlers in a Next config: `cacheHandler`, `cacheHandlers` (under `experimental`
 * on 15.5), and `cacheMaxMemorySize: 0` so Next keeps no second in-memory copy beside layercache's
 * memory layer. Takes a config object or function and returns the same kind.
 *
 * @example
 * ```ts
 * // next.config.ts
 * import { withLayercache } from '@layercache/next'
 * export default withLayercache({ cacheComponents: true }, {
 *   cacheHandler: './cache-handler.mjs',
 *   useCacheHandler: './use-cache-handler.mjs',
 * })
 * ```
 */
export function withLayercache<C extends object | ConfigFunction>(
  nextConfig: C,
  options: WithLayercacheOptions,
): C {
  if (typeof nextConfig === 'function') {
    const wrapped = async (...args: unknown[]) =>
      applyOptions(await (nextConfig as ConfigFunction)(...args), options)
    return wrapped as unknown as C
  }
  return applyOptions(nextConfig as Config, options) as C
}

function applyOptions(config: Config, options: WithLayercacheOptions): Config {
  const result: Config = { ...config, cacheMaxMemorySize: 0 }
  if (options.cacheHandler !== undefined) result.cacheHandler = resolve(options.cacheHandler)
  if (options.useCacheHandler !== undefined) {
    const path = resolve(options.useCacheHandler)
    const handlers = Object.fromEntries((options.kinds ?? ['default', 'remote']).map((kind) => [kind, path]))
    if ((options.nextMajor ?? installedNextMajor()) >= 16) {
      result.cacheHandlers = { ...(config.cacheHandlers as Config | undefined), ...handlers }
    } else {
      const experimental = (config.experimental ?? {}) as Config
      result.experimental = {
        ...experimental,
        cacheHandlers: { ...(experimental.cacheHandlers as Config | undefined), ...handlers },
      }
    }
  }
  return result
}

function installedNextMajor(): number {
  try {
    const require = createRequire(join(process.cwd(), 'next.config.js'))
    const { version } = require('next/package.json') as { version: string }
    return Number.parseInt(version, 10)
  } catch (error) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      'withLayercache: next is not installed here; pass nextMajor',
      { cause: error },
    )
  }
}
