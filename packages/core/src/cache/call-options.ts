import { type Duration, parseDuration, parseTtl } from '../duration.js'
import { errors, fail } from '../errors.js'
import type { CoreSettings } from './cache-core.js'
import type { GetOrSetOptions, SetOptions } from './cache-options.js'
import { resolveDistributedLoad } from './distributed-load.js'
import type { LoadOptions } from './load-coordinator.js'
import { checkTags } from './validation.js'

/** TTL, grace and namespaced tag keys of one write. */
export interface WriteOptions {
  readonly ttl: number
  readonly grace: number
  readonly tagKeys: readonly string[]
}

function isOptionsObject<T extends object>(options: unknown): options is T {
  return typeof options === 'object' && options !== null
}

/** Resolves `set`'s third argument: a TTL, or `{ ttl, tags, grace }`. */
export function resolveWrite(
  options: Duration | SetOptions | undefined,
  settings: CoreSettings,
  tagPrefix: string,
): WriteOptions {
  if (options === undefined) return { ttl: settings.ttl, grace: settings.grace, tagKeys: [] }
  if (!isOptionsObject<SetOptions>(options))
    return { ttl: parseTtl(options), grace: settings.grace, tagKeys: [] }
  return {
    ttl: options.ttl === undefined ? settings.ttl : parseTtl(options.ttl),
    grace: options.grace === undefined ? settings.grace : parseDuration(options.grace, 'grace'),
    tagKeys: checkTags(options.tags).map((tag) => tagPrefix + tag),
  }
}

/** Resolves `getOrSet`'s third argument. */
export function resolveLoad(
  options: Duration | GetOrSetOptions | undefined,
  settings: CoreSettings,
  tagPrefix: string,
): LoadOptions {
  const write = resolveWrite(options, settings, tagPrefix)
  if (!isOptionsObject<GetOrSetOptions>(options)) {
    return {
      ...write,
      timeout: settings.timeout,
      hardTimeout: settings.hardTimeout,
      distributed: settings.distributedLoad,
    }
  }
  return {
    ...write,
    distributed:
      options.distributedLoad === undefined
        ? settings.distributedLoad
        : resolveDistributedLoad(options.distributedLoad),
    timeout: options.timeout === undefined ? settings.timeout : parseDuration(options.timeout, 'timeout'),
    hardTimeout:
      options.hardTimeout === undefined
        ? settings.hardTimeout
        : parseDuration(options.hardTimeout, 'hardTimeout'),
  }
}

/** True when `getOrSet` was asked to skip cached values. */
export function wantsFresh(options: unknown): boolean {
  return isOptionsObject<GetOrSetOptions>(options) && options.forceFresh === true
}

/** Checks that a loader is a function. */
export function assertLoader(loader: unknown): void {
  if (typeof loader !== 'function')
    fail(errors.INVALID_OPTION, `a loader must be a function, got ${typeof loader}`)
}
