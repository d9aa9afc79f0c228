import { formatOpsPerSecond, formatRatio, formatTable, verdict } from './format-table.js'
import { pairedRatio, type Throughput } from './measure-throughput.js'

/** The least acceptable speed-up of the subject over one named peer. */
export interface RatioTarget {
  readonly peer: string
  readonly atLeast: number
}

/** One line of the verdict: subject vs peer, measured in the same run. */
export interface RatioVerdict {
  readonly peer: string
  readonly ratio: number
  readonly atLeast: number
  readonly met: boolean
  /** The floor's ratio over the same peer: the most any async API could reach on this machine. */
  readonly ceiling: number | undefined
}

function spread(result: Throughput): string {
  const low = Math.min(...result.samples)
  const high = Math.max(...result.samples)
  return `±${(((high - low) / 2 / result.opsPerSecond) * 100).toFixed(0)}%`
}

/**
 * Prints the throughput table and, for each target, the subject's speed relative to that peer.
 * Absolute numbers are printed for context only: on a shared machine only the ratios are comparable.
 */
export function printThroughputReport(report: {
  title: string
  subject: string
  /** The cheapest possible async cache (an `async` wrapper over a plain map); its ratios bound the subject's. */
  floor?: string
  results: readonly Throughput[]
  targets: readonly RatioTarget[]
  /** Peers shown with their ratio but no target, for context. @default [] */
  context?: readonly string[]
}): RatioVerdict[] {
  const find = (name: string) => {
    const result = report.results.find((candidate) => candidate.name === name)
    if (result === undefined) throw new Error(`no result named ${name}`)
    return result
  }
  const subject = find(report.subject)
  const verdicts = report.targets.map((target) => {
    const ratio = pairedRatio(subject, find(target.peer))
    const peer = find(target.peer)
    const ceiling =
      report.floor === undefined || report.floor === target.peer
        ? undefined
        : pairedRatio(find(report.floor), peer)
    return { peer: target.peer, ratio, atLeast: target.atLeast, met: ratio >= target.atLeast, ceiling }
  })
  const rounds = subject.samples.length
  console.log(`\n## ${report.title}\n`)
  console.log(
    formatTable([
      ['contender', 'ops/s (median)', 'ns/op', `spread of ${rounds} rounds`],
      ...report.results.map((result) => [
        result.name,
        formatOpsPerSecond(result.opsPerSecond),
        (1e9 / result.opsPerSecond).toFixed(0),
        spread(result),
      ]),
    ]),
  )
  console.log()
  console.log(
    formatTable([
      [`${report.subject} vs`, 'ratio', 'target', 'verdict', 'floor vs same peer'],
      ...verdicts.map((line) => [
        line.peer,
        formatRatio(line.ratio),
        `>= ${line.atLeast}x`,
        verdict(line.met),
        line.ceiling === undefined ? '-' : formatRatio(line.ceiling),
      ]),
      ...(report.context ?? []).map((peer) => [
        peer,
        formatRatio(pairedRatio(subject, find(peer))),
        '-',
        'report only',
        report.floor === undefined || report.floor === peer
          ? '-'
          : formatRatio(pairedRatio(find(report.floor), find(peer))),
      ]),
    ]),
  )
  return verdicts
}
