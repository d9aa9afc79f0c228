// Runs every workspace package's tests (one package at a time, each package's files on its own
// workers), carries on past a failing package, then prints one summary naming every failing test as
// package › file › test. Exits non-zero when any test, any test file, or any package's test task failed.
//
// Each package's `test` script is `vitest run`; the arguments after `--` make vitest write a JSON report
// to <package>/test-results/vitest.json beside its usual console output. Reports from an earlier run
// are deleted first, so a package whose tests never started is reported as such, not as passing.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const REPORT = join('test-results', 'vitest.json')

/** Workspace package folders, from the `packages:` globs of pnpm-workspace.yaml (`dir/*` or `dir`). */
function workspaceFolders() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const block = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? ''
  const globs = [...block.matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm)].map((match) => match[1])
  const folders = []
  for (const glob of globs) {
    if (!glob.endsWith('/*')) {
      if (existsSync(join(root, glob, 'package.json'))) folders.push(glob)
      continue
    }
    const parent = glob.slice(0, -2)
    if (!existsSync(join(root, parent))) continue
    for (const name of readdirSync(join(root, parent)).sort()) {
      const folder = join(parent, name)
      if (statSync(join(root, folder)).isDirectory() && existsSync(join(root, folder, 'package.json')))
        folders.push(folder)
    }
  }
  return folders
}

const testedPackages = workspaceFolders()
  .map((folder) => ({
    folder,
    manifest: JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => typeof manifest.scripts?.test === 'string')

for (const { folder } of testedPackages) rmSync(join(root, folder, REPORT), { force: true })

const started = Date.now()
const turbo = spawnSync(
  'turbo',
  [
    'run',
    'test',
    '--concurrency=1',
    '--continue',
    '--',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
  ],
  { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
)
const seconds = (milliseconds) => `${(milliseconds / 1000).toFixed(1)} s`

const failures = []
const rows = []
const files = []
for (const { folder, manifest } of testedPackages) {
  const path = join(root, folder, REPORT)
  if (!existsSync(path)) {
    failures.push(`${manifest.name}: no test report (its tests did not run to the end; see its log above)`)
    rows.push(`  ${manifest.name.padEnd(28)} no report`)
    continue
  }
  const report = JSON.parse(readFileSync(path, 'utf8'))
  let lastEnd = report.startTime
  for (const file of report.testResults) {
    const name = relative(join(root, folder), file.name)
    lastEnd = Math.max(lastEnd, file.endTime ?? 0)
    files.push({ name: `${manifest.name} ${name}`, took: (file.endTime ?? 0) - (file.startTime ?? 0) })
    const failed = file.assertionResults.filter((test) => test.status === 'failed')
    for (const test of failed) {
      const title = [...test.ancestorTitles, test.title].join(' › ')
      const why = (test.failureMessages[0] ?? '').split('\n')[0].slice(0, 300)
      failures.push(`${manifest.name} › ${name} › ${title}\n      ${why}`)
    }
    if (file.status === 'failed' && failed.length === 0) {
      const why = (file.message ?? '').split('\n')[0].slice(0, 300)
      failures.push(`${manifest.name} › ${name} (the file failed outside any test)\n      ${why}`)
    }
  }
  const anyFileFailed = report.testResults.some((file) => file.status === 'failed')
  if (!report.success && report.numFailedTests === 0 && !anyFileFailed)
    failures.push(
      `${manifest.name}: the run failed outside any test file (unhandled error; see its log above)`,
    )
  rows.push(
    `  ${manifest.name.padEnd(28)} ${String(report.numPassedTests).padStart(4)} passed, ${String(report.numFailedTests).padStart(2)} failed, ${String(report.numPendingTests + report.numTodoTests).padStart(2)} skipped  ${seconds(lastEnd - report.startTime)}`,
  )
}

console.log(`\n=== test summary (${seconds(Date.now() - started)}) ===`)
console.log(rows.join('\n'))
console.log('\nslowest test files:')
for (const file of files.sort((a, b) => b.took - a.took).slice(0, 8))
  console.log(`  ${seconds(file.took).padStart(8)}  ${file.name}`)
if (turbo.status !== 0 && failures.length === 0)
  failures.push(`turbo exited with ${turbo.status ?? turbo.signal} (a task failed before or after its tests)`)
if (failures.length > 0) {
  console.log(`\n${failures.length} failure(s):`)
  for (const failure of failures) console.log(`  ✗ ${failure}`)
  process.exit(1)
}
console.log('\nevery test passed')
