import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import { BUILD_PHASE, PROCESS_STATE } from './constants.js'

/** A layercache `Cache`, or a function that makes one (called at most once per process). */
export type CacheSource = Cache | (() => Cache | Promise<Cache>)

interface ProcessState {
  /** Caches by name: Next evaluates handler modules more than once, and constructs the
   * incremental handler on every request; all of them share these. */
  readonly caches: Map<string, Promise<Cache>>
}

function processState(): ProcessState {
  const holder = globalThis as { [PROCESS_STATE]?: ProcessState }
  holder[PROCESS_STATE] ??= { caches: new Map() }
  return holder[PROCESS_STATE]
}

/** True inside `next build`, where handlers keep to memory: a build never needs Redis. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === BUILD_PHASE
}

/**
 * The process's cache called `name`: made from `source` by the first caller, shared by every later
 * one. In the build phase it is a memory-only cache and `source` is never called.
 */
export function processCache(name: string, source: CacheSource): Promise<Cache> {
  const { caches } = processState()
  let cache = caches.get(name)
  if (cache === undefined) {
    cache = isBuildPhase()
      ? Promise.resolve(
          createCache({ namespace: 'next-build', layers: [createMemoryStore()], logger: false }),
        )
      : Promise.resolve(typeof source === 'function' ? source() : source)
    caches.set(name, cache)
    // A failed factory is retried by the next caller instead of failing every request for good.
    cache.catch(() => caches.delete(name))
  }
  return cache
}

/** The cache a handler already made under `name` in this process, if any. */
export function registeredCache(name: string): Promise<Cache> | undefined {
  return processState().caches.get(name)
}

/** Forgets the process's caches (their owner closes them): for tests and hot reloads. */
export function forgetProcessCaches(): void {
  processState().caches.clear()
}
