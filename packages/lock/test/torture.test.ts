// Many workers x many critical sections with pauses longer than the TTL, judged by a referee that
// plays the protected resource. Here the workers are async tasks in one process on one memory store;
// torture-processes.test.ts runs the same harness in 8 processes on a real Redis.
import { createMemoryStore, type Store } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createLock, createRedlock, type Locker } from '../src/index.js'
import {
  randomPauses,
  runTortureWorker,
  type SectionPause,
  seededRandom,
  type TortureWorkerOptions,
} from './support/torture-harness.js'
import { readTortureReport } from './support/torture-monitor.js'

interface TortureRun {
  readonly locker: Locker
  readonly workers: number
  readonly sections: number
  readonly ttl: number
  readonly autoExtend: boolean
  readonly extendAt?: number
  readonly pauses: (random: () => number) => () => SectionPause
  readonly fenceOf?: TortureWorkerOptions['fenceOf']
  readonly seed: number
}

async function torture(run: TortureRun) {
  const monitor: Store = createMemoryStore()
  const runId = `run${run.seed}`
  const reports = await Promise.all(
    Array.from({ length: run.workers }, (_, worker) =>
      runTortureWorker({
        locker: run.locker,
        monitor,
        runId,
        workerId: `w${worker}`,
        resource: 'ledger',
        sections: run.sections,
        ttl: run.ttl,
        wait: 30_000,
        autoExtend: run.autoExtend,
        extendAt: run.extendAt,
        pause: run.pauses(seededRandom(run.seed * 100 + worker)),
        fenceOf: run.fenceOf,
      }),
    ),
  )
  const verdict = await readTortureReport(monitor, runId)
  const sum = (field: 'sections' | 'lost' | 'notAcquired') =>
    reports.reduce((total, report) => total + report[field], 0)
  return { ...verdict, sections: sum('sections'), lost: sum('lost'), notAcquired: sum('notAcquired') }
}

const fastRetries = { retryDelay: '5ms', maxRetryDelay: '20ms' } as const

describe('torture', () => {
  it('with automatic extension, sections never overlap, even when they outlive the TTL', async () => {
    // Extending early (a tenth into the TTL) leaves a stall of about 900 ms before a lock is lost:
    // the scheduling hiccups of a busy test machine must not count as overlaps here.
    const verdict = await torture({
      locker: createLock({ store: createMemoryStore(), ...fastRetries }),
      workers: 5,
      sections: 3,
      ttl: 1_000,
      extendAt: 0.1,
      autoExtend: true,
      pauses: (random) => randomPauses(random, 1_000, 0.2),
      seed: 1,
    })
    expect(verdict).toMatchObject({ sections: 15, entered: 15, writes: 15, lost: 0, notAcquired: 0 })
    expect(verdict).toMatchObject({ overlaps: 0, staleAccepted: 0, staleRefused: 0, wrongRefused: 0 })
  })

  it('without extension, the harness does detect overlaps, and fencing refuses every stale write', async () => {
    const verdict = await torture({
      locker: createLock({ store: createMemoryStore(), ...fastRetries }),
      workers: 8,
      sections: 5,
      ttl: 60,
      autoExtend: false,
      pauses: (random) => randomPauses(random, 60, 0.4),
      seed: 2,
    })
    expect(verdict.overlaps).toBeGreaterThan(0)
    expect(verdict.lost).toBeGreaterThan(0)
    expect(verdict.staleRefused).toBeGreaterThan(0)
    expect(verdict).toMatchObject({ staleAccepted: 0, wrongRefused: 0, notAcquired: 0 })
  })

  it('the referee catches broken fencing: with a constant fence, stale writes get through', async () => {
    const verdict = await torture({
      locker: createLock({ store: createMemoryStore(), ...fastRetries }),
      workers: 8,
      sections: 5,
      ttl: 60,
      autoExtend: false,
      pauses: (random) => randomPauses(random, 60, 0.4),
      fenceOf: () => 1,
      seed: 3,
    })
    expect(verdict.overlaps).toBeGreaterThan(0)
    expect(verdict.staleAccepted).toBeGreaterThan(0)
  })

  it('with frozen processes (long GC pauses) and automatic extension, no stale write is accepted', async () => {
    const verdict = await torture({
      locker: createLock({ store: createMemoryStore(), ...fastRetries }),
      workers: 5,
      sections: 4,
      ttl: 60,
      autoExtend: true,
      pauses: (random) => randomPauses(random, 60, 0.3, 'freeze'),
      seed: 4,
    })
    expect(verdict.sections).toBe(20)
    // The freezes outlived the TTL, and withLock said so; in one process nobody could act meanwhile.
    expect(verdict.lost).toBeGreaterThan(0)
    expect(verdict).toMatchObject({ staleAccepted: 0, wrongRefused: 0, notAcquired: 0 })
  })

  it('Redlock over three stores, without extension: overlaps are detected and fencing holds', async () => {
    const verdict = await torture({
      locker: createRedlock({
        stores: [createMemoryStore(), createMemoryStore(), createMemoryStore()],
        ...fastRetries,
      }),
      workers: 6,
      sections: 4,
      ttl: 60,
      autoExtend: false,
      pauses: (random) => randomPauses(random, 60, 0.4),
      seed: 5,
    })
    expect(verdict.overlaps).toBeGreaterThan(0)
    expect(verdict).toMatchObject({ staleAccepted: 0, wrongRefused: 0, notAcquired: 0 })
  })
})
