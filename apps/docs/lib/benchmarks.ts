import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One table of bench/README.md: its section heading, column names and rows of cells. */
export interface BenchmarkTable {
  heading: string
  columns: string[]
  rows: string[][]
}

const README = join(process.cwd(), '..', '..', 'bench', 'README.md')

/** The bench README, read at build time: the page shows the results it records, not a copy. */
export function benchmarkReadme(): string {
  return readFileSync(README, 'utf8')
}

/** The first table under each `###` heading of the README's "## Results" section. */
export function resultTables(markdown = benchmarkReadme()): BenchmarkTable[] {
  const results = markdown.split(/^## Results\s*$/m)[1]?.split(/^## /m)[0] ?? ''
  const tables: BenchmarkTable[] = []
  for (const section of results.split(/^### /m).slice(1)) {
    const heading = section.split('\n')[0]?.trim() ?? ''
    const table = section.split('\n').filter((line) => line.startsWith('|'))
    if (table.length < 3) continue
    const cells = (line: string) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim())
    // A second table in the section starts where a second separator row follows its header.
    const firstBreak = table.findIndex((line, index) => index > 2 && /^\|\s*-/.test(line))
    const body = (firstBreak === -1 ? table : table.slice(0, firstBreak - 1)).slice(2)
    tables.push({ heading, columns: cells(table[0]!), rows: body.map(cells) })
  }
  return tables
}

/** The README's "## Running" section's first code block: the commands that reproduce the results. */
export function reproduceCommands(markdown = benchmarkReadme()): string {
  const running = markdown.split(/^## Running\s*$/m)[1] ?? ''
  return /```sh\n([\s\S]*?)```/.exec(running)?.[1]?.trim() ?? ''
}

/** The paragraph under "## Results" (date, Node version, machine). */
export function resultsPreamble(markdown = benchmarkReadme()): string {
  const results = markdown.split(/^## Results\s*$/m)[1] ?? ''
  return results.split(/^### /m)[0]?.trim() ?? ''
}

/** Parses numbers such as `4.86 M`, `198.9 k`, `48.90%`, `68.4`. */
export function parseQuantity(text: string): number | undefined {
  const match = /(-?[\d,.]+)\s*([kM%])?/.exec(text.replaceAll('*', ''))
  if (!match) return undefined
  const value = Number(match[1]!.replaceAll(',', ''))
  if (!Number.isFinite(value)) return undefined
  return value * (match[2] === 'M' ? 1e6 : match[2] === 'k' ? 1e3 : 1)
}
