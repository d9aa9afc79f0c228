import { systemClock } from '../clock.js'
import { parseDuration, parseTtl } from '../duration.js'
import { errors, fail } from '../errors.js'
import { createMemoryStore } from '../memory/memory-store.js'
import { resolveCompression } from '../serialization/compression.js'
import { typedJsonSerializer } from '../serialization/serializer.js'
import { AnalyticsRecorder } from '../stats/analytics-recorder.js'
import { CACHE_LAYER_CONTRACT, type CacheLayer, isCacheLayer } from '../store/cache-layer.js'
import { isScriptRunner } from '../store/script-runner.js'
import { Cache } from './cache.js'
import { CacheCore } from './cache-core.js'
import { type CacheOptions, DEFAULT_MAX_KEY_LENGTH, DEFAULT_NAMESPACE, DEFAULT_TTL } from './cache-options.js'
import { resolveDistributedLoad } from './distributed-load.js'
import { EntryCodec } from './entry-codec.js'
import { applyRemoteChange } from './layer-writer.js'
import { assertNamespace } from './validation.js'

/** Refuses a layer that does not speak this core's cache layer contract, naming what it speaks. */
function assertCacheLayer(layer: unknown): asserts layer is CacheLayer {
  if (isCacheLayer(layer)) return
  const declared = (layer as { layerContract?: unknown } | null)?.layerContract
  fail(
    errors.INVALID_OPTION,
    declared === undefined
      ? 'every layer must be a CacheLayer (createMemoryStore(), createRedisStore({ client }), or a store declaring layerContract)'
      : `a layer implements cache layer contract ${String(declared)}; this @layercache/core speaks version ${CACHE_LAYER_CONTRACT}`,
  )
}

function optionalDuration(value: CacheOptions['timeout'], name: string): number | undefined {
  return value === undefined ? undefined : parseDuration(value, name)
}

/**
 * Creates a cache. With no options it is an in-memory cache in namespace `default` with a 5 minute
 * TTL; give it a Redis layer and a bus and it is shared by many servers, with no other code change.
 *
 * @example
 * ```ts
 * const cache = createCache({ namespace: 'app', layers: [createMemoryStore({ maxEntries: 10_000 })], ttl: '5m' })
 * await cache.set('user:1', { name: 'Ada' })
 * ```
 */
export function createCache(options: CacheOptions = {}): Cache {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE
  assertNamespace(namespace)
  const layers = options.layers ?? [createMemoryStore()]
  if (!Array.isArray(layers) || layers.length === 0)
    fail(errors.INVALID_OPTION, 'layers must list at least one store')
  if (new Set(layers).size !== layers.length)
    fail(errors.INVALID_OPTION, 'the same store is listed twice in layers')
  for (const layer of layers) assertCacheLayer(layer)
  const maxKeyLength = options.maxKeyLength ?? DEFAULT_MAX_KEY_LENGTH
  if (!Number.isInteger(maxKeyLength) || maxKeyLength < 1) {
    fail(errors.INVALID_OPTION, `maxKeyLength must be a positive integer, got ${maxKeyLength}`)
  }
  const onLayerError = options.onLayerError ?? 'fallback'
  if (onLayerError !== 'fallback' && onLayerError !== 'throw') {
    fail(errors.INVALID_OPTION, `onLayerError must be 'fallback' or 'throw', got ${String(onLayerError)}`)
  }
  const settings = {
    ttl: parseTtl(options.ttl ?? DEFAULT_TTL),
    grace: parseDuration(options.grace ?? 0, 'grace'),
    timeout: optionalDuration(options.timeout, 'timeout'),
    hardTimeout: optionalDuration(options.hardTimeout, 'hardTimeout'),
    maxKeyLength,
    onLayerError,
    distributedLoad: resolveDistributedLoad(options.distributedLoad),
  } as const
  const sharedLayer = layers.find((layer) => layer.shared)
  if (settings.distributedLoad !== undefined && sharedLayer !== undefined && !isScriptRunner(sharedLayer)) {
    fail(
      errors.INVALID_OPTION,
      `distributedLoad takes its load locks on layer "${sharedLayer.name}" with atomic scripts, and that layer is not a ScriptRunner`,
    )
  }
  const clock = options.clock ?? systemClock
  for (const layer of layers) layer.attach?.({ clock })
  const codec = new EntryCodec(
    options.serializer ?? typedJsonSerializer,
    resolveCompression(options.compression),
    layers,
  )
  const root = namespace.split(':')[0]!
  const logger = options.logger === false ? undefined : (options.logger ?? console)
  const core = new CacheCore(root, layers, clock, codec, settings, logger)
  layers.forEach((layer) => {
    const unsubscribe = layer.subscribe?.((event) => {
      core.stats.evictions++
      if (core.events.has.evict)
        core.events.emit('evict', { key: event.key, layer: layer.name, reason: event.reason })
    })
    if (unsubscribe !== undefined) core.disposers.push(unsubscribe)
  })
  if (options.analytics !== undefined && options.analytics !== false) {
    const totals = layers.find((layer) => layer.shared) ?? layers[layers.length - 1]!
    if (!isScriptRunner(totals)) {
      fail(
        errors.INVALID_OPTION,
        `analytics keeps its totals on layer "${totals.name}" with atomic scripts, and that layer is not a ScriptRunner`,
      )
    }
    core.analytics = new AnalyticsRecorder(
      totals,
      root,
      core.events,
      options.analytics === true ? {} : options.analytics,
      (error) => core.reportError({ error, operation: 'analytics.flush', namespace: root }),
    )
  }
  if (options.bus !== undefined) {
    // Until the bus says it is listening, an invalidation sent meanwhile could be missed.
    core.distrustLocalLayers()
    const member = options.bus.join(root, (message) => {
      applyRemoteChange(core, message).catch((error: unknown) =>
        core.reportError({ error, operation: 'bus.apply', namespace: root }),
      )
    })
    core.busMember = member
    core.disposers.push(() => void Promise.resolve(member.leave()).catch(() => {}))
  }
  return new Cache(core, namespace)
}

// One default cache per process: the ESM and the CJS build of core (or two copies in node_modules)
// loaded side by side find it here instead of each making its own, so a value set through `import`
// reads back through `require`. The version in the name changes if `Cache`'s methods ever do.
const cacheManagerKey = Symbol.for('layercache.cacheManager.v1')

/**
 * A ready cache on the embedded in-memory store (namespace `default`, TTL 5 minutes), so code
 * written as `cacheManager.get(...)` / `cacheManager.set(key, value, 300)` runs as is. There is one
 * per process, whichever module format (or copy of the package) loads it.
 *
 * @example
 * ```ts
 * await cacheManager.set('settings', settings, 3600)
 * const cached = await cacheManager.get('settings')
 * ```
 */
export const cacheManager: Cache = ((globalThis as Record<symbol, Cache | undefined>)[cacheManagerKey] ??=
  createCache())
