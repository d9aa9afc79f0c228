/**
 * The environment variable naming the Node.js major the tests must run on. `.ci/run` sets it when it
 * runs the suites again on Node binaries it fetched, so a PATH that still found another `node` fails
 * the run instead of testing the machine's Node twice.
 */
export const EXPECTED_NODE_MAJOR_ENV = 'LAYERCACHE_EXPECTED_NODE_MAJOR'

/**
 * Throws when {@link EXPECTED_NODE_MAJOR_ENV} is set and `version` (default: this process's Node) is of
 * another major; returns the line to print otherwise (undefined when nothing is expected).
 *
 * @example
 * ```ts
 * checkNodeVersion({ LAYERCACHE_EXPECTED_NODE_MAJOR: '22' }, '22.23.5') // 'tests on Node v22.23.5 (expected 22)'
 * ```
 */
export function checkNodeVersion(
  env: Record<string, string | undefined> = process.env,
  version: string = process.versions.node,
): string | undefined {
  const expected = env[EXPECTED_NODE_MAJOR_ENV]
  if (expected === undefined || expected === '') return undefined
  const actual = version.split('.')[0]
  if (actual !== expected) {
    throw new Error(
      `the tests run on Node v${version}, but ${EXPECTED_NODE_MAJOR_ENV} expects Node ${expected}`,
    )
  }
  return `tests on Node v${version} (expected ${expected})`
}

/** vitest `globalSetup` entry: `globalSetup: ['@layercache/test-utils/expected-node']`. */
export default function expectedNodeSetup(): void {
  const line = checkNodeVersion()
  if (line !== undefined) console.log(line)
}
