// A vitest reporter that writes test-results/summary.json in the package it runs in: every test file
// with its duration, every failing test (name and first error), errors of hooks (beforeAll/afterAll)
// and of files that failed outside any test, and unhandled errors. tooling/scripts/run-tests.mjs
// reads these files to print one summary for the whole repository.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const firstLine = (error) =>
  String(error?.message ?? error ?? '')
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.slice(0, 300) ?? ''

export default class FailureReporter {
  onInit(vitest) {
    this.root = vitest.config.root
    this.started = Date.now()
  }

  onTestRunEnd(testModules, unhandledErrors, reason) {
    const files = testModules.map((module) => {
      const failures = []
      for (const error of module.errors())
        failures.push({ test: '(outside any test)', error: firstLine(error) })
      for (const suite of module.children.allSuites())
        for (const error of suite.errors())
          failures.push({ test: `${suite.fullName} (a hook)`, error: firstLine(error) })
      for (const test of module.children.allTests('failed'))
        failures.push({ test: test.fullName, error: firstLine(test.result().errors?.[0]) })
      let passed = 0
      let skipped = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'skipped' || state === 'pending') skipped++
      }
      const timing = module.diagnostic()
      return {
        file: module.relativeModuleId,
        state: module.state(),
        // Importing, collecting and running the file (it shares the machine with the others).
        durationMs: Math.round(timing.prepareDuration + timing.collectDuration + timing.duration),
        passed,
        skipped,
        failures,
      }
    })
    const summary = {
      reason,
      durationMs: Date.now() - this.started,
      files,
      unhandledErrors: unhandledErrors.map(firstLine),
    }
    const directory = join(this.root, 'test-results')
    mkdirSync(directory, { recursive: true })
    writeFileSync(join(directory, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  }
}
