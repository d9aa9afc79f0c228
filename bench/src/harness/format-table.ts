/** Renders rows as a plain-text table with aligned columns; the first row is the header. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  const render = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
  const [header, ...body] = rows
  return [render(header!), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(render)].join(
    '\n',
  )
}

/** `12_345_678` as `12.35 M`: throughput reads better in millions. */
export function formatOpsPerSecond(opsPerSecond: number): string {
  if (opsPerSecond >= 1e6) return `${(opsPerSecond / 1e6).toFixed(2)} M`
  if (opsPerSecond >= 1e3) return `${(opsPerSecond / 1e3).toFixed(1)} k`
  return opsPerSecond.toFixed(0)
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`
}

/** A target's verdict, worded the same way in every benchmark and in the README. */
export function verdict(met: boolean): string {
  return met ? 'met' : 'NOT MET'
}
