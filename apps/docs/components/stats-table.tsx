import type { CacheStatsSnapshot } from '@layercache/core'

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`
const milliseconds = (value: number) => `${value.toFixed(1)} ms`

/** The same numbers as the charts, as text (what a test or a screen reader reads). */
export function StatsTable({ snapshot }: { snapshot: CacheStatsSnapshot }) {
  const rows: [string, string, string][] = [
    ['hit-rate', 'Hit rate', percent(snapshot.hitRate)],
    ['hits', 'Hits', String(snapshot.hits)],
    ['misses', 'Misses', String(snapshot.misses)],
    ['stale-hits', 'Stale hits', String(snapshot.staleHits)],
    ['loader-calls', 'Loader calls', String(snapshot.loader.calls)],
    ['loader-average', 'Loader latency (mean)', milliseconds(snapshot.loader.averageMs)],
    ['loader-max', 'Loader latency (max)', milliseconds(snapshot.loader.maxMs)],
    ['errors', 'Errors', String(snapshot.errors)],
  ]
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <table className="text-sm" data-testid="stats-table">
        <tbody>
          {rows.map(([id, label, value]) => (
            <tr key={id} className="border-b">
              <th className="py-1 pr-4 text-left font-medium">{label}</th>
              <td data-testid={id} data-value={id === 'hit-rate' ? snapshot.hitRate : undefined}>
                {value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="text-sm" data-testid="layers-table">
        <thead>
          <tr className="border-b text-left">
            <th className="py-1 pr-4">Layer</th>
            <th className="pr-4">Hits</th>
            <th className="pr-4">Misses</th>
            <th>Errors</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.layers.map((layer) => (
            <tr key={layer.name} className="border-b">
              <td className="py-1 pr-4">{layer.name}</td>
              <td className="pr-4">{layer.hits}</td>
              <td className="pr-4">{layer.misses}</td>
              <td>{layer.errors}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
