import type { CacheScope } from './cache-scope.js'
import { deletePrefix, expireEntries } from './layer-writer.js'
import { assertKey, assertKeys } from './validation.js'

/** `Cache.expire`: marks keys stale now; the next `getOrSet` refreshes them. */
export async function expireKeys(scope: CacheScope, keys: readonly string[]): Promise<void> {
  assertKeys(keys, scope.core.settings.maxKeyLength)
  scope.core.assertOpen()
  await expireEntries(
    scope.core,
    keys.map((key) => scope.keyPrefix + key),
    scope.namespace,
  )
  scope.emitInvalidate({ keys, mode: 'expire' })
}

/** `Cache.deleteByPrefix`: deletes every key of the namespace that starts with `prefix`. */
export async function deleteKeysByPrefix(scope: CacheScope, prefix: string): Promise<number> {
  assertKey(prefix, scope.core.settings.maxKeyLength)
  scope.core.assertOpen()
  const deleted = await deletePrefix(scope.core, scope.keyPrefix + prefix, scope.namespace)
  scope.emitInvalidate({ prefix, mode: 'delete' })
  return deleted
}

/** `Cache.clear`: deletes the namespace and its sub-namespaces (prefix `namespace:`), nothing else. */
export async function clearNamespace(scope: CacheScope): Promise<void> {
  scope.core.assertOpen()
  await deletePrefix(scope.core, `${scope.namespace}:`, scope.namespace)
  scope.emitInvalidate({ prefix: '', mode: 'delete' })
}
