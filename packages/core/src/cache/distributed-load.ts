import { parseDuration } from '../duration.js'
import { isScriptRunner } from '../store/script-runner.js'
import type { CacheCore } from './cache-core.js'
import { EntryState } from './entry-state.js'
import { beginRead, endRead, type ReadTarget, readThrough } from './layer-reader.js'
import {
  acquireLoadLockScript,
  DEFAULT_LOAD_LOCK_TTL,
  DEFAULT_LOAD_LOCK_WAIT,
  type DistributedLoadOptions,
  LOAD_LOCK_POLL_MS,
  loadLockOwner,
  releaseLoadLockScript,
} from './load-lock.js'

/** Resolved distributed-load settings, in milliseconds. */
export interface DistributedLoad {
  readonly wait: number
  readonly lockTtl: number
}

/** Resolves `distributedLoad` (`true`, `false` or options) into milliseconds; undefined when off. */
export function resolveDistributedLoad(
  option: boolean | DistributedLoadOptions | undefined,
): DistributedLoad | undefined {
  if (option === undefined || option === false) return undefined
  const options = option === true ? {} : option
  return {
    wait: parseDuration(options.wait ?? DEFAULT_LOAD_LOCK_WAIT, 'wait'),
    lockTtl: parseDuration(options.lockTtl ?? DEFAULT_LOAD_LOCK_TTL, 'lockTtl'),
  }
}

/** Where a load happens (the same shape the load coordinator uses). */
interface Target extends ReadTarget {
  readonly namespace: string
}

/** The outcome of trying to become the one process that loads a key. */
export type LoadLock = { readonly acquired: true; release(): Promise<void> } | { readonly acquired: false }

/**
 * Tries to take the load lock of a key on the first shared layer. Returns undefined when there is no
 * shared layer or the layer failed (the process then simply loads, as without the option).
 */
export async function takeLoadLock(
  core: CacheCore,
  target: Target,
  settings: DistributedLoad,
): Promise<LoadLock | undefined> {
  const layerIndex = core.layers.findIndex((layer) => layer.shared)
  if (layerIndex < 0) return undefined
  const layer = core.layers[layerIndex]!
  if (!isScriptRunner(layer)) return undefined
  const lockKey = `lock:${target.fullKey}`
  const owner = loadLockOwner()
  try {
    const reply = await layer.run(acquireLoadLockScript, [lockKey], [owner, Math.ceil(settings.lockTtl)])
    if (Number(reply) !== 1) return { acquired: false }
  } catch (error) {
    core.layerFailed(layerIndex, 'loadLock', error, target.namespace, target.key)
    return undefined
  }
  return {
    acquired: true,
    release: async () => {
      try {
        await layer.run(releaseLoadLockScript, [lockKey], [owner])
      } catch (error) {
        core.layerFailed(layerIndex, 'loadUnlock', error, target.namespace, target.key)
      }
    },
  }
}

const pause = (milliseconds: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, milliseconds)
    timer.unref?.()
  })

/**
 * Waits, up to `wait`, for the process holding the load lock to write a fresh value; returns it, or
 * undefined when none came in time (the caller then loads by itself).
 */
export async function waitForLoad(core: CacheCore, target: Target, wait: number): Promise<unknown> {
  const deadline = performance.now() + wait
  while (performance.now() < deadline && !core.closed) {
    await pause(LOAD_LOCK_POLL_MS)
    const read = beginRead(core)
    try {
      const found = await readThrough(core, target, target.namespace, read)
      if (found?.state === EntryState.fresh) return found.value
    } finally {
      endRead(core, read)
    }
  }
  return undefined
}
