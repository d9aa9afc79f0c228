import { collectGarbage } from '../harness/measure-throughput.js'
import type { LockContender } from './lock-contenders.js'

/** Latency percentiles of one contender, in microseconds. */
export interface LockLatency {
  readonly name: string
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly operations: number
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!
}

/**
 * Times each acquire+release alone (one in flight), `rounds` rounds of `perRound` operations per
 * contender, interleaved with the starting contender rotating each round, as the throughput harness
 * does: a slow patch of the machine falls on everyone. The first round is a warm-up and not counted.
 *
 * @example
 * ```ts
 * const latencies = await measureLockLatency(contenders, resources, { rounds: 6, perRound: 500 })
 * ```
 */
export async function measureLockLatency(
  contenders: readonly LockContender[],
  resources: readonly string[],
  options: { rounds: number; perRound: number },
): Promise<LockLatency[]> {
  const samples = contenders.map((): number[] => [])
  let next = 0
  for (let round = 0; round <= options.rounds; round++) {
    for (let offset = 0; offset < contenders.length; offset++) {
      const index = (round + offset) % contenders.length
      collectGarbage()
      for (let operation = 0; operation < options.perRound; operation++) {
        const resource = resources[next++ % resources.length]!
        const started = process.hrtime.bigint()
        await contenders[index]!.acquireRelease(resource)
        if (round > 0) samples[index]!.push(Number(process.hrtime.bigint() - started) / 1000)
      }
    }
  }
  return contenders.map((contender, index) => {
    const sorted = samples[index]!.sort((left, right) => left - right)
    return {
      name: contender.name,
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      operations: sorted.length,
    }
  })
}
