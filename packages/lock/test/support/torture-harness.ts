import type { Store } from '@layercache/core'
import { LockError, type Locker, type LockHandle, lockErrors } from '../../src/index.js'
import { enterScript, exitScript, monitorKeys, writeScript } from './torture-monitor.js'

// The lock torture test, written so that each worker can be a separate process: a worker needs only
// a Locker and the referee's store (see torture-monitor.ts). torture.test.ts runs N async workers in
// one process on one memory store; in torture-processes.test.ts each child process
// (torture-process.ts) calls runTortureWorker with its own Lock over createRedisStore and a createRedisStore as
// referee, and the parent reads readTortureReport.

/** A pause inside a critical section: `sleep` lets the process run on (timers included); `freeze`
 *  blocks it entirely, as a long GC pause would, so not even extension timers fire. */
export interface SectionPause {
  readonly kind: 'sleep' | 'freeze'
  readonly milliseconds: number
}

/** Options of {@link runTortureWorker}. */
export interface TortureWorkerOptions {
  readonly locker: Locker
  /** Where the referee lives; shared by every worker. */
  readonly monitor: Store
  readonly runId: string
  readonly workerId: string
  readonly resource: string
  readonly sections: number
  /** Lock TTL in milliseconds. */
  readonly ttl: number
  /** How long to wait for the lock, in milliseconds. */
  readonly wait: number
  readonly autoExtend: boolean
  /** When to extend, as a share of the TTL. @default 0.5 */
  readonly extendAt?: number
  /** The pause of each section, between its two writes. */
  readonly pause: () => SectionPause
  /** The fence sent to the referee; a broken one proves the referee catches broken fencing. */
  readonly fenceOf?: (handle: LockHandle) => number
  /** Prefix of the referee's keys. @default '' */
  readonly monitorPrefix?: string
}

/** What one worker saw. */
export interface TortureWorkerReport {
  /** Sections that ran (acquired the lock). */
  readonly sections: number
  /** Sections whose lock was lost on the way (`E_LOCK_LOST`). */
  readonly lost: number
  /** Sections that never got the lock within `wait`. */
  readonly notAcquired: number
}

/** Blocks the whole thread, timers included. */
export function freeze(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds)
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
}

/** Pauses: mostly short, `longShare` of them between 1.5 and 2.5 times `ttl`. */
export function randomPauses(
  random: () => number,
  ttl: number,
  longShare: number,
  kind: SectionPause['kind'] = 'sleep',
): () => SectionPause {
  return () =>
    random() < longShare
      ? { kind, milliseconds: Math.round(ttl * (1.5 + random())) }
      : { kind: 'sleep', milliseconds: Math.round(random() * 5) }
}

/**
 * Runs `sections` critical sections one after another. Each section writes once on entering (which
 * registers its fence with the referee), pauses, writes again, and leaves — writing even after its
 * lock was lost, as a process that does not check its signal would, so fencing is what must stop it.
 */
export async function runTortureWorker(options: TortureWorkerOptions): Promise<TortureWorkerReport> {
  const { monitor, runId, workerId } = options
  const keys = monitorKeys(runId, options.monitorPrefix)
  const fenceOf = options.fenceOf ?? ((handle: LockHandle) => handle.fence)
  let sections = 0
  let lost = 0
  let notAcquired = 0
  for (let section = 0; section < options.sections; section++) {
    const sectionId = `${workerId}:${section}`
    try {
      await options.locker.withLock(
        options.resource,
        async (_signal, handle) => {
          sections++
          const fence = String(fenceOf(handle))
          if ((await monitor.run(enterScript, [keys.state, keys.inside], [sectionId, fence])) !== 1) return
          try {
            const pause = options.pause()
            if (pause.kind === 'freeze') freeze(pause.milliseconds)
            else await sleep(pause.milliseconds)
            await monitor.run(writeScript, [keys.state], [sectionId, fence])
          } finally {
            await monitor.run(exitScript, [keys.inside], [sectionId])
          }
        },
        {
          ttl: `${options.ttl}ms`,
          wait: `${options.wait}ms`,
          autoExtend: options.autoExtend,
          extendAt: options.extendAt,
        },
      )
    } catch (error) {
      if (LockError.isInstance(error) && error.code === lockErrors.LOCK_LOST) lost++
      else if (LockError.isInstance(error) && error.code === lockErrors.LOCK_NOT_ACQUIRED) notAcquired++
      else throw error
    }
  }
  return { sections, lost, notAcquired }
}
