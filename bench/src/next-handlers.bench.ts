/*
 * @layercache/next behind `next start`: requests per second of a cached ISR page and of a page whose
 * data comes from 'use cache', served with layercache's handlers (memory + Redis + bus) and with
 * Next's own default handlers, from one build of bench/next-app. Load comes from autocannon in
 * another process. Rounds alternate which handlers go first; the ratio is the median of the
 * per-round ratios.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '@layercache/test-utils'
import {
  closeIoredis,
  connectIoredis,
  deleteBenchKeys,
  redisUrl,
  uniqueBenchPrefix,
} from './harness/bench-redis.js'
import { formatRatio, formatTable, verdict } from './harness/format-table.js'

const APP_DIR = fileURLToPath(new URL('../next-app', import.meta.url))
const PATHS = ['/isr', '/use-cache'] as const
const HANDLERS = ['layercache', 'default'] as const
type Handlers = (typeof HANDLERS)[number]
const ROUNDS = 3
const CONNECTIONS = 16
const SECONDS = 8
const WARM_UP_REQUESTS = 200
// Fixed before the first run (the goal): at least 0.9x Next's default handlers.
const TARGET = 0.9

const require = createRequire(join(APP_DIR, 'package.json'))
const nextBin = require.resolve('next/dist/bin/next')
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js')

function run(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const child = spawnSync(process.execPath, args, {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed:\n${child.stdout}\n${child.stderr}`)
  return child.stdout
}

interface Server {
  readonly url: string
  stop(): Promise<void>
}

async function start(handlers: Handlers, prefix: string): Promise<Server> {
  const port = await findFreePort()
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        LAYERCACHE_BENCH_HANDLERS: handlers,
        LAYERCACHE_PREFIX: prefix,
        REDIS_URL: redisUrl(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  )
  const output: string[] = []
  child.stdout?.on('data', (chunk) => output.push(String(chunk)))
  child.stderr?.on('data', (chunk) => output.push(String(chunk)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const server = {
    url,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
      await exited
    },
  }
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/isr`)).ok) return server
    } catch {}
    if (child.exitCode !== null || attempt > 300)
      throw new Error(`next start (${handlers}) did not come up:\n${output.slice(-20).join('')}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** GET `url`'s body; once more when a kept-alive socket was closed under the request. */
async function get(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text()
  } catch {
    return (await fetch(url)).text()
  }
}

async function stampOf(url: string): Promise<string> {
  const html = await get(url)
  const stamp = /id="stamp">([^<]+)</.exec(html)?.[1]
  if (stamp === undefined) throw new Error(`${url} has no stamp`)
  return stamp
}

/** Warms `path` and checks it is served from the cache: the same render on every request. */
async function warm(url: string): Promise<void> {
  for (let request = 0; request < WARM_UP_REQUESTS; request++) await get(url)
  const first = await stampOf(url)
  for (let request = 0; request < 5; request++) {
    if ((await stampOf(url)) !== first) throw new Error(`${url} renders on every request: it is not cached`)
  }
}

/** Requests per second (autocannon's mean over the run), from another process. */
function load(url: string): number {
  const report = JSON.parse(
    run([autocannonBin, '-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', url]),
  ) as { requests: { average: number }; non2xx: number; errors: number }
  if (report.non2xx > 0 || report.errors > 0)
    throw new Error(`${url}: ${report.non2xx} non-2xx, ${report.errors} errors`)
  return report.requests.average
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

if (!process.argv.includes('--reuse-build') || !existsSync(join(APP_DIR, '.next', 'BUILD_ID'))) {
  console.log('building bench/next-app (next build)...')
  run([nextBin, 'build'])
}

const prefix = uniqueBenchPrefix('next')
const results = new Map<string, number[]>() // `${handlers} ${path}` -> req/s per round
const ratios = new Map<string, number[]>() // path -> layercache/default per round
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? HANDLERS : [...HANDLERS].reverse()
    const thisRound = new Map<string, number>()
    for (const handlers of order) {
      const server = await start(handlers, prefix)
      try {
        for (const path of PATHS) {
          await warm(`${server.url}${path}`)
          const requestsPerSecond = load(`${server.url}${path}`)
          thisRound.set(`${handlers} ${path}`, requestsPerSecond)
          results.set(`${handlers} ${path}`, [
            ...(results.get(`${handlers} ${path}`) ?? []),
            requestsPerSecond,
          ])
        }
      } finally {
        await server.stop()
      }
    }
    for (const path of PATHS) {
      const ratio = thisRound.get(`layercache ${path}`)! / thisRound.get(`default ${path}`)!
      ratios.set(path, [...(ratios.get(path) ?? []), ratio])
    }
  }
} finally {
  const admin = await connectIoredis({ autoPipelining: false })
  await deleteBenchKeys(admin, prefix)
  await closeIoredis(admin)
}

const nextVersion = (require('next/package.json') as { version: string }).version
console.log(
  `\n@layercache/next under next start (next ${nextVersion}): ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, Node ${process.version}`,
)
const rows = [
  ['page', 'layercache req/s', 'Next default req/s', 'ratio (median of rounds)', `target >= ${TARGET}x`],
]
for (const path of PATHS) {
  const ratio = median(ratios.get(path)!)
  rows.push([
    path,
    median(results.get(`layercache ${path}`)!).toFixed(0),
    median(results.get(`default ${path}`)!).toFixed(0),
    formatRatio(ratio),
    verdict(ratio >= TARGET),
  ])
}
console.log(formatTable(rows))
