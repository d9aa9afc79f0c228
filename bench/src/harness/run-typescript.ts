import { spawnSync } from 'node:child_process'

/** Options of {@link runTypeScript}. */
export interface RunTypeScriptOptions {
  /** Arguments after the file name. @default [] */
  readonly args?: readonly string[]
  /** Node flags such as `--expose-gc`. @default [] */
  readonly nodeFlags?: readonly string[]
  /** Return the child's stdout instead of passing it through. @default false */
  readonly captureOutput?: boolean
}

/**
 * Runs a TypeScript file in a fresh Node process through tsx's loader and waits for it. A fresh
 * process gives each benchmark (or each memory contender) a clean heap and a cold JIT, so nothing one
 * of them left behind is charged to the next.
 *
 * @example
 * ```ts
 * runTypeScript(new URL('./l1-hit.bench.ts', import.meta.url).pathname, { nodeFlags: ['--expose-gc'] })
 * ```
 */
export function runTypeScript(file: string, options: RunTypeScriptOptions = {}): string {
  const child = spawnSync(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', import.meta.resolve('tsx'), file, ...(options.args ?? [])],
    { stdio: ['ignore', options.captureOutput ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' },
  )
  if (child.error !== undefined) throw child.error
  if (child.status !== 0)
    throw new Error(`${file} ${(options.args ?? []).join(' ')} exited with ${child.status}`)
  return child.stdout ?? ''
}
