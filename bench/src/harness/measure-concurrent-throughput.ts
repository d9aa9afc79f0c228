import { collectGarbage, median, type Throughput } from './measure-throughput.js'

/** One library under test, driven with many operations in flight at once. */
export interface ConcurrentContender {
  /** The name printed in the table. */
  readonly name: string
  /** One operation on `key`. */
  readonly operation: (key: string) => Promise<unknown>
}

/** Options of {@link measureConcurrentThroughput}. */
export interface ConcurrentThroughputOptions {
  /** The keys to cycle through, in order; the length must be a power of two. */
  readonly sequence: readonly string[]
  /** Operations kept in flight at every moment of a sample. */
  readonly concurrency: number
  /**
   * Timed samples per contender, interleaved as in `measureThroughput`.
   * @default 5
   */
  readonly rounds?: number
  /** Length of one timed sample. @default 2000 */
  readonly sampleMilliseconds?: number
  /** Untimed running before the first sample of each contender. @default 1000 */
  readonly warmupMilliseconds?: number
}

export const DEFAULT_CONCURRENT_ROUNDS = 5
export const DEFAULT_CONCURRENT_SAMPLE_MILLISECONDS = 2_000
export const DEFAULT_CONCURRENT_WARMUP_MILLISECONDS = 1_000

type TimedWindow = (
  operation: ConcurrentContender['operation'],
  sequence: readonly string[],
  concurrency: number,
  milliseconds: number,
) => Promise<{ completed: number; elapsed: bigint }>

/*
 * `concurrency` workers each start their next operation as soon as their previous one settles, so
 * exactly that many are in flight until the window closes. Only operations that settle inside the
 * window are counted, over the window's measured length; the ones still in flight when it closes
 * are drained uncounted, so the drain costs nobody anything. Compiled afresh per contender, for the
 * same reason as `measureThroughput`'s loop.
 */
const TIMED_WINDOW_SOURCE = `
  return async function timedWindow(operation, sequence, concurrency, milliseconds) {
    const mask = sequence.length - 1
    let next = 0
    let completed = 0
    let open = true
    const started = process.hrtime.bigint()
    let closed = started
    const timer = setTimeout(() => {
      open = false
      closed = process.hrtime.bigint()
    }, milliseconds)
    const worker = async () => {
      while (open) {
        await operation(sequence[next++ & mask])
        if (open) completed++
      }
    }
    const workers = []
    for (let index = 0; index < concurrency; index++) workers.push(worker())
    try {
      await Promise.all(workers)
    } finally {
      clearTimeout(timer)
      open = false
    }
    return { completed, elapsed: closed - started }
  }
`

function compileTimedWindow(): TimedWindow {
  return new Function(TIMED_WINDOW_SOURCE)() as TimedWindow
}

/**
 * Measures operations per second of each contender with `concurrency` operations in flight: a
 * warm-up window, then `rounds` interleaved timed windows (the starting contender rotates each
 * round), reported as the median. The result feeds `printThroughputReport` and `pairedRatio`.
 *
 * @example
 * ```ts
 * const results = await measureConcurrentThroughput(
 *   [{ name: 'ioredis', operation: (key) => client.get(key) }],
 *   { sequence, concurrency: 256 },
 * )
 * ```
 */
export async function measureConcurrentThroughput(
  contenders: readonly ConcurrentContender[],
  options: ConcurrentThroughputOptions,
): Promise<Throughput[]> {
  const rounds = options.rounds ?? DEFAULT_CONCURRENT_ROUNDS
  const sampleMilliseconds = options.sampleMilliseconds ?? DEFAULT_CONCURRENT_SAMPLE_MILLISECONDS
  const warmupMilliseconds = options.warmupMilliseconds ?? DEFAULT_CONCURRENT_WARMUP_MILLISECONDS
  const { sequence, concurrency } = options
  if (sequence.length === 0 || (sequence.length & (sequence.length - 1)) !== 0)
    throw new Error('sequence length must be a power of two')
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('concurrency must be a positive integer')
  const windows = contenders.map(() => compileTimedWindow())
  for (const [index, contender] of contenders.entries())
    await windows[index]!(contender.operation, sequence, concurrency, warmupMilliseconds)
  const samples = contenders.map((): number[] => [])
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < contenders.length; offset++) {
      const index = (round + offset) % contenders.length
      collectGarbage()
      const { completed, elapsed } = await windows[index]!(
        contenders[index]!.operation,
        sequence,
        concurrency,
        sampleMilliseconds,
      )
      samples[index]!.push((completed * 1e9) / Number(elapsed))
    }
  }
  return contenders.map((contender, index) => ({
    name: contender.name,
    opsPerSecond: median(samples[index]!),
    samples: samples[index]!,
  }))
}
