// Compiles the consumer project in src/ against the built .d.ts of every package (run `build` first;
// turbo does), with TypeScript 6 and TypeScript 7, under moduleResolution nodenext and bundler.
// Each compiler must report the major it is installed as, so an alias pointing at the wrong version
// fails here instead of checking twice with one compiler.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

const compilers = [
  { name: 'TypeScript 6', packageName: 'typescript', major: 6 },
  { name: 'TypeScript 7', packageName: 'typescript-7', major: 7 },
]
const projects = ['tsconfig.nodenext.json', 'tsconfig.bundler.json']

/** The compiler's CLI, from its package's own `bin` (TypeScript 7's `tsc` launches the native binary). */
function cliOf(packageName) {
  const manifestPath = require.resolve(`${packageName}/package.json`)
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin.tsc ?? manifest.bin.tsgo)
  return join(dirname(manifestPath), bin)
}

const started = Date.now()
let passed = 0
let failed = 0
/** One entry per compilation, in the shape of tooling/scripts/failure-reporter.mjs, for the test summary. */
const files = []
for (const compiler of compilers) {
  const cli = cliOf(compiler.packageName)
  const version = execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' }).trim()
  if (!new RegExp(`^Version ${compiler.major}\\.`).test(version)) {
    console.error(`${compiler.name}: ${cli} reports "${version}"`)
    process.exit(1)
  }
  for (const project of projects) {
    const label = `${compiler.name} (${version}), ${project}`
    const compileStarted = Date.now()
    const run = spawnSync(process.execPath, [cli, '-p', join(here, project), '--pretty', 'false'], {
      cwd: here,
      encoding: 'utf8',
    })
    const durationMs = Date.now() - compileStarted
    if (run.status === 0) {
      passed++
      console.log(`✓ ${label}`)
      files.push({ file: label, state: 'passed', durationMs, passed: 1, skipped: 0, failures: [] })
    } else {
      failed++
      console.log(`✗ ${label}\n${run.stdout}${run.stderr}`)
      const error = `${run.stdout}${run.stderr}`.split('\n').find((line) => line.trim() !== '') ?? ''
      files.push({
        file: label,
        state: 'failed',
        durationMs,
        passed: 0,
        skipped: 0,
        failures: [{ test: 'compiles', error }],
      })
    }
  }
}
console.log(`type-tests: ${passed} passed, ${failed} failed`)
mkdirSync(join(here, 'test-results'), { recursive: true })
writeFileSync(
  join(here, 'test-results', 'summary.json'),
  `${JSON.stringify({ reason: failed === 0 ? 'passed' : 'failed', durationMs: Date.now() - started, files, unhandledErrors: [] }, null, 2)}\n`,
)
process.exitCode = failed === 0 ? 0 : 1
