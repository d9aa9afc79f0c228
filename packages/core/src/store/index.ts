// @layercache/core/store: what someone writing a new backend needs — the two storage contracts,
// the entry records they hold, atomic scripts and the helpers every implementation uses.
export type { AtomicScript, LocalScriptContext, ScriptArgument, ScriptReply } from './atomic-script.js'
export {
  CACHE_LAYER_CONTRACT,
  type CacheLayer,
  isCacheLayer,
  type StoreAttachment,
} from './cache-layer.js'
export { defineScript, type ScriptDefinition } from './define-script.js'
export { formatScriptNumber, LUA_FORMAT_NUMBER } from './script-numbers.js'
export { isScriptRunner, SCRIPT_RUNNER_CONTRACT, type ScriptRunner } from './script-runner.js'
export {
  type Absence,
  type ConditionalWrite,
  type EvictionReason,
  entryOf,
  isAbsence,
  isPromiseLike,
  type MaybePromise,
  raiseTagStamp,
  type Store,
  type StoredEntry,
  type StoreEvent,
  type StoreRead,
  type StoreWrite,
  type TagStamp,
  versionOf,
} from './store.js'
