import type { Store } from '@layercache/core'
import { createMemoryStore } from '@layercache/core'
import type { AtomicScript, ScriptArgument, ScriptReply } from '@layercache/core/store'
import type { Redis } from 'ioredis'
import { replyComparators } from './reply-comparators.js'

/** One script call whose sides disagreed. */
export interface Mismatch {
  script: string
  keys: readonly string[]
  args: readonly ScriptArgument[]
  lua: unknown
  local: unknown
}

/** Options of {@link parityStore}. */
export interface ParityStoreOptions {
  /** Which side's reply callers get. @default 'local' */
  answerWith?: 'lua' | 'local'
}

/** A store that runs both sides of every script; see {@link parityStore}. */
export interface ParityStore extends Store {
  /** Calls whose replies differed. */
  readonly mismatches: Mismatch[]
  /** Every key a script was given, for cleanup. */
  readonly touchedKeys: Set<string>
}

/**
 * A Store that runs every script on both sides: the Lua with EVAL on a real Redis, the local side
 * on a memory store (system clock). It answers with one side's reply and records every call whose
 * replies differ, times compared within a tolerance, everything else exactly.
 */
export function parityStore(client: Redis, options: ParityStoreOptions = {}): ParityStore {
  const memory = createMemoryStore()
  const mismatches: Mismatch[] = []
  const touchedKeys = new Set<string>()
  const unsupported = () => {
    throw new Error('parityStore only runs scripts')
  }
  return {
    name: 'parity',
    layerContract: 1,
    scriptContract: 1,
    serializes: true,
    shared: false,
    mismatches,
    touchedKeys,
    get: unsupported,
    getMany: unsupported,
    set: unsupported,
    setMany: unsupported,
    setIfVersion: unsupported,
    expire: unsupported,
    delete: unsupported,
    deleteMany: unsupported,
    deleteByPrefix: unsupported,
    getTagStamps: unsupported,
    stampTags: unsupported,
    close: () => memory.close(),
    async run<TResult>(
      script: AtomicScript<TResult>,
      keys: readonly string[],
      args: readonly ScriptArgument[],
    ) {
      for (const key of keys) touchedKeys.add(key)
      const lua = (await client.eval(script.lua, keys.length, ...keys, ...args)) as ScriptReply
      const local = memory.run(script, keys, args) as ScriptReply
      const same = replyComparators[script.name] ?? exactlyEqual
      if (!same(lua, local)) mismatches.push({ script: script.name, keys, args, lua, local })
      return (options.answerWith === 'lua' ? lua : local) as TResult
    },
  }
}

function exactlyEqual(lua: ScriptReply, local: ScriptReply): boolean {
  return JSON.stringify(lua) === JSON.stringify(local)
}
