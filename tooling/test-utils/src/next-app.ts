// `next build` and `next start` of an app directory, for end-to-end tests (@layercache/next's fixture
// apps, the documentation site).
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { findFreePort } from './free-port.js'

/** The output a process printed last, to explain a failure. */
function tail(lines: string[]): string {
  return lines.slice(-40).join('')
}

function nextBin(appDir: string): string {
  return createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next')
}

/** Runs `next build` in `appDir`; rejects with its output when it fails. */
export function nextBuild(appDir: string, env: Record<string, string | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = []
    const child = spawn(process.execPath, [nextBin(appDir), 'build'], {
      cwd: appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk) => output.push(String(chunk)))
    child.stderr.on('data', (chunk) => output.push(String(chunk)))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}:\n${tail(output)}`)),
    )
  })
}

/** One `next start` server. */
export interface NextServer {
  readonly url: string
  readonly output: string[]
  stop(): Promise<void>
}

/** Starts `next start` on a free port and waits until it answers `/`. */
export async function nextStart(
  appDir: string,
  env: Record<string, string | undefined>,
  readyWithin = 60_000,
): Promise<NextServer> {
  const port = await findFreePort()
  const output: string[] = []
  // Its own process group, so that stopping it reaches any worker it forks, and nothing else.
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin(appDir), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  )
  child.stdout?.on('data', (chunk) => output.push(String(chunk)))
  child.stderr?.on('data', (chunk) => output.push(String(chunk)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const server: NextServer = {
    url,
    output,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL')
        } catch {}
      }, 5_000)
      await exited
      clearTimeout(killed)
    },
  }
  const until = Date.now() + readyWithin
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${tail(output)}`)
    try {
      const response = await fetch(`${url}/`)
      if (response.ok) return server
    } catch {}
    if (Date.now() > until) {
      await server.stop()
      throw new Error(`next start did not answer within ${readyWithin} ms:\n${tail(output)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
