/** One library under test: a name for the table and the operation whose speed is measured. */
export interface Contender {
  /** The name printed in the table, such as `lru-cache 11 (async wrapper)`. */
  readonly name: string
  /** One operation on `key`. It is awaited, so every contender pays for its promise the same way. */
  readonly operation: (key: string) => Promise<unknown>
}

/** Options of {@link measureThroughput}. */
export interface ThroughputOptions {
  /** The keys to cycle through, in order; the length must be a power of two. */
  readonly sequence: readonly string[]
  /**
   * Timed samples per contender. Rounds interleave the contenders, so a slow patch of a noisy machine
   * hits every contender, and the per-round ratios stay fair.
   * @default 9
   */
  readonly rounds?: number
  /** Target length of one timed sample. @default 150 */
  readonly sampleMilliseconds?: number
  /** Untimed running before the first sample, so the JIT has settled. @default 500 */
  readonly warmupMilliseconds?: number
}

/** What {@link measureThroughput} found for one contender. */
export interface Throughput {
  readonly name: string
  /** Median of the samples. */
  readonly opsPerSecond: number
  /** Operations per second of each round, in round order (index `r` of every contender is the same round). */
  readonly samples: readonly number[]
}

export const DEFAULT_ROUNDS = 9
export const DEFAULT_SAMPLE_MILLISECONDS = 150
export const DEFAULT_WARMUP_MILLISECONDS = 500
const CALIBRATION_ITERATIONS = 1_000

type TimedLoop = (
  operation: Contender['operation'],
  sequence: readonly string[],
  iterations: number,
) => Promise<{ elapsed: bigint; last: unknown }>

/*
 * The loop is compiled afresh for each contender: one shared loop would see every contender's
 * operation at its call site, go megamorphic, and add the same fixed cost to every contender, which
 * pulls all the ratios towards 1.
 */
const TIMED_LOOP_SOURCE = `
  return async function timedLoop(operation, sequence, iterations) {
    const mask = sequence.length - 1
    let last
    const started = process.hrtime.bigint()
    for (let index = 0; index < iterations; index++) last = await operation(sequence[index & mask])
    return { elapsed: process.hrtime.bigint() - started, last }
  }
`

function compileTimedLoop(): TimedLoop {
  return new Function(TIMED_LOOP_SOURCE)() as TimedLoop
}

/** A full GC when Node runs with --expose-gc; nothing otherwise. */
export function collectGarbage(): void {
  // Only with --expose-gc: starts each sample from a clean heap, so one contender's garbage is not
  // collected on the next contender's clock.
  ;(globalThis as { gc?: () => void }).gc?.()
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

interface Prepared {
  readonly contender: Contender
  readonly loop: TimedLoop
  readonly iterationsPerSample: number
}

async function warmUp(contender: Contender, options: Required<ThroughputOptions>): Promise<Prepared> {
  const loop = compileTimedLoop()
  let iterations = 0
  let nanoseconds = 0n
  const deadline = BigInt(options.warmupMilliseconds) * 1_000_000n
  while (nanoseconds < deadline) {
    const { elapsed } = await loop(contender.operation, options.sequence, CALIBRATION_ITERATIONS)
    iterations += CALIBRATION_ITERATIONS
    nanoseconds += elapsed
  }
  const nanosecondsPerOperation = Number(nanoseconds) / iterations
  const iterationsPerSample = Math.max(
    CALIBRATION_ITERATIONS,
    Math.round((options.sampleMilliseconds * 1_000_000) / nanosecondsPerOperation),
  )
  return { contender, loop, iterationsPerSample }
}

/**
 * Measures operations per second of each contender: warm-up, then `rounds` interleaved samples
 * (the starting contender rotates each round), reported as the median.
 *
 * @example
 * ```ts
 * const results = await measureThroughput([{ name: 'lru', operation: async (key) => lru.get(key) }], { sequence })
 * ```
 */
export async function measureThroughput(
  contenders: readonly Contender[],
  options: ThroughputOptions,
): Promise<Throughput[]> {
  const settings: Required<ThroughputOptions> = {
    sequence: options.sequence,
    rounds: options.rounds ?? DEFAULT_ROUNDS,
    sampleMilliseconds: options.sampleMilliseconds ?? DEFAULT_SAMPLE_MILLISECONDS,
    warmupMilliseconds: options.warmupMilliseconds ?? DEFAULT_WARMUP_MILLISECONDS,
  }
  const length = settings.sequence.length
  if (length === 0 || (length & (length - 1)) !== 0) throw new Error('sequence length must be a power of two')
  const prepared: Prepared[] = []
  for (const contender of contenders) prepared.push(await warmUp(contender, settings))
  const samples = contenders.map((): number[] => [])
  for (let round = 0; round < settings.rounds; round++) {
    for (let offset = 0; offset < prepared.length; offset++) {
      const index = (round + offset) % prepared.length
      const { contender, loop, iterationsPerSample } = prepared[index]!
      collectGarbage()
      const { elapsed } = await loop(contender.operation, settings.sequence, iterationsPerSample)
      samples[index]!.push((iterationsPerSample * 1e9) / Number(elapsed))
    }
  }
  return contenders.map((contender, index) => ({
    name: contender.name,
    opsPerSecond: median(samples[index]!),
    samples: samples[index]!,
  }))
}

/**
 * How many times faster `subject` is than `peer`: the median of the per-round ratios. Pairing the
 * samples of one round cancels most of the machine's drift between rounds.
 */
export function pairedRatio(subject: Throughput, peer: Throughput): number {
  return median(subject.samples.map((sample, round) => sample / peer.samples[round]!))
}
