import { parseQuantity, reproduceCommands, resultsPreamble, resultTables } from '@/lib/benchmarks'

const BAR_HEIGHT = 22
const LABEL_WIDTH = 260
const CHART_WIDTH = 720

/** A horizontal SVG bar chart of one column of a table (its first column names the bars). */
function BarChart({
  title,
  labels,
  values,
  unit,
}: {
  title: string
  labels: string[]
  values: number[]
  unit: string
}) {
  const max = Math.max(...values, 1)
  const height = labels.length * (BAR_HEIGHT + 8) + 8
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 90
  return (
    <figure className="not-prose my-6">
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${CHART_WIDTH} ${height}`} className="w-full" role="img" aria-label={title}>
        {labels.map((label, index) => {
          const y = 8 + index * (BAR_HEIGHT + 8)
          const value = values[index] ?? 0
          const width = Math.max(1, (value / max) * barSpace)
          return (
            <g key={label}>
              <text x={0} y={y + BAR_HEIGHT * 0.7} fontSize={12} className="fill-fd-foreground">
                {label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y}
                width={width}
                height={BAR_HEIGHT}
                rx={3}
                className={label.startsWith('layercache') ? 'fill-green-600' : 'fill-fd-muted-foreground/50'}
              />
              <text
                x={LABEL_WIDTH + width + 6}
                y={y + BAR_HEIGHT * 0.7}
                fontSize={12}
                className="fill-fd-foreground"
              >
                {value.toLocaleString('en-US', { maximumFractionDigits: 2 })}
                {unit}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

/** Charts of the results recorded in bench/README.md, with the commands that produce them. */
export function BenchmarkResults() {
  const charts = resultTables().flatMap((table) => {
    const column = ['ops/s (median)', 'layercache', 'total B/entry'].find((name) =>
      table.columns.includes(name),
    )
    if (column === undefined) return []
    const index = table.columns.indexOf(column)
    const rows = table.rows.filter((row) => parseQuantity(row[index] ?? '') !== undefined)
    const labels =
      column === 'layercache' ? rows.map((row) => `${row[0]} (${row[1]})`) : rows.map((row) => row[0] ?? '')
    return [
      {
        title: `${table.heading}: ${column}`,
        labels,
        values: rows.map((row) => parseQuantity(row[index]!)!),
        unit: column === 'layercache' ? '%' : '',
      },
    ]
  })
  return (
    <div>
      <p className="text-sm text-fd-muted-foreground">{resultsPreamble().split('\n\n')[0]}</p>
      {charts.map((chart) => (
        <BarChart key={chart.title} {...chart} />
      ))}
      <h2 id="reproduce">Reproduce</h2>
      <pre className="overflow-x-auto rounded-lg border p-4 text-sm">
        <code>{reproduceCommands()}</code>
      </pre>
    </div>
  )
}
