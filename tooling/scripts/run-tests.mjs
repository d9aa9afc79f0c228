// Runs every workspace package's tests (one package at a time, each package's files on its own
// workers), carries on past a failing package, then prints one summary naming every failing test as
// package › file › test. Exits non-zero when any test, any test file, or any package's test task failed.
//
// Each package's `test` script is `vitest run`; the arguments after `--` add failure-reporter.mjs beside
// vitest's usual console output, which writes <package>/test-results/summary.json. Reports from an
// earlier run are deleted first, so a package whose tests never finished is reported as such.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const REPORT = join('test-results', 'summary.json')
const REPORTER = join(import.meta.dirname, 'failure-reporter.mjs')

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

// LAYERCACHE_TEST_SKIP: package names left out of this run, comma-separated (CI's runs on other Node
// majors skip what does not depend on the Node version, such as the type tests).
const skipped = new Set((process.env.LAYERCACHE_TEST_SKIP ?? '').split(',').filter((name) => name !== ''))

const testedPackages = workspaceFolders()
  .map((folder) => ({
    folder,
    manifest: JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => typeof manifest.scripts?.test === 'string' && !skipped.has(manifest.name))

for (const { folder } of testedPackages) rmSync(join(root, folder, REPORT), { force: true })

const started = Date.now()
const turbo = spawnSync(
  'turbo',
  [
    'run',
    'test',
    '--concurrency=1',
    '--continue',
    ...[...skipped].map((name) => `--filter=!${name}`),
    '--',
    '--reporter=default',
    `--reporter=${REPORTER}`,
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
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const file of report.files) {
    files.push({ name: `${manifest.name} ${file.file}`, took: file.durationMs })
    passed += file.passed
    skipped += file.skipped
    failed += file.failures.length
    for (const failure of file.failures)
      failures.push(`${manifest.name} › ${file.file} › ${failure.test}\n      ${failure.error}`)
    if (file.state === 'failed' && file.failures.length === 0)
      failures.push(`${manifest.name} › ${file.file} (failed; see its log above)`)
  }
  for (const error of report.unhandledErrors)
    failures.push(`${manifest.name}: unhandled error outside the tests\n      ${error}`)
  if (report.reason !== 'passed' && failed === 0 && report.unhandledErrors.length === 0)
    failures.push(`${manifest.name}: the run ended '${report.reason}' (see its log above)`)
  rows.push(
    `  ${manifest.name.padEnd(28)} ${String(passed).padStart(4)} passed, ${String(failed).padStart(2)} failed, ${String(skipped).padStart(2)} skipped  ${seconds(report.durationMs)}`,
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
