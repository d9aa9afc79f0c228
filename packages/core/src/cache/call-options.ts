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

/**
 * True for an options object, false for a TTL (a number or a string) or `undefined`. Anything else
 * is refused with `E_INVALID_OPTION`: `null`, arrays, functions, booleans, Dates, class instances
 * and objects inheriting from anything but `Object.prototype` (their settings would be ignored, or
 * read off a prototype). Objects with a `null` prototype, or from another realm, are plain objects.
 */
function isOptionsObject<T extends object>(options: unknown): options is T {
  const kind = typeof options
  if (kind === 'number' || kind === 'string' || kind === 'undefined') return false
  if (kind === 'object' && options !== null && !Array.isArray(options)) {
    const prototype = Object.getPrototypeOf(options) as object | null
    // A root prototype: Object.prototype, or another realm's, or none at all.
    if (prototype === null || Object.getPrototypeOf(prototype) === null) return true
  }
  return fail(
    errors.INVALID_OPTION,
    `options must be a TTL (seconds, or a string like '5m') or a plain object like { ttl: '5m' }, got ${describeOptions(options)}`,
  )
}

function describeOptions(options: unknown): string {
  if (options === null) return 'null'
  if (Array.isArray(options)) return 'an array'
  if (typeof options === 'function') return 'a function'
  if (typeof options !== 'object') return `a ${typeof options}`
  const className = (Object.getPrototypeOf(options) as { constructor?: { name?: unknown } }).constructor?.name
  return typeof className === 'string' && className !== 'Object' && className !== ''
    ? `an instance of ${className}`
    : 'an object that inherits from another object'
}

/**
 * Resolves `set`'s third argument: a TTL, or `{ ttl, tags, grace }`. Throws `E_INVALID_OPTION` when
 * it is neither (see {@link isOptionsObject}), `E_INVALID_TTL` for a bad TTL.
 */
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

/** Resolves `getOrSet`'s third argument, refusing what {@link resolveWrite} refuses. */
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

/**
 * True when `getOrSet` was asked to skip cached values. It runs on every `getOrSet` given options,
 * hits included, so it also refuses options that are not a TTL or a plain object with
 * `E_INVALID_OPTION`: a bad argument fails every call, not only the calls that miss.
 */
export function wantsFresh(options: unknown): boolean {
  return isOptionsObject<GetOrSetOptions>(options) && options.forceFresh === true
}

/** Checks that a loader is a function. */
export function assertLoader(loader: unknown): void {
  if (typeof loader !== 'function')
    fail(errors.INVALID_OPTION, `a loader must be a function, got ${typeof loader}`)
}
