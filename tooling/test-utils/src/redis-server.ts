import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireRedisExecutable } from './find-executable.js'
import { findFreePort } from './free-port.js'
import { pingRedis } from './ping-redis.js'
import { onProcessExit } from './process-exit.js'

/** Options for {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /**
   * Extra `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`.
   * @default []
   */
  extraArgs?: string[]
  /**
   * Also require `port + 10000` to be free, as a Redis Cluster node needs it for its bus.
   * @default false
   */
  clusterBus?: boolean
  /**
   * How long to wait for the server to answer PING.
   * @default 10000
   */
  startTimeoutMs?: number
}

/** A `redis-server` this process started. */
export interface RedisServerHandle {
  host: string
  port: number
  /** `redis://127.0.0.1:<port>` */
  url: string
  /** The server's own temporary working directory (removed by `stop()`). */
  dir: string
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>
}

const HOST = '127.0.0.1'
const DEFAULT_START_TIMEOUT_MS = 10_000
const START_ATTEMPTS = 3
const OUTPUT_LIMIT = 4000

/**
 * A shell watchdog around redis-server. Our end of its stdin closes when this process dies, even by
 * SIGKILL or a terminated test worker (which runs no exit hooks), and the watchdog then kills the
 * server and removes its directory: nothing left behind. A background job's stdin is /dev/null,
 * hence the explicit fd 3.
 */
const WATCHDOG_SCRIPT = [
  'exec 3<&0',
  '"$0" "$@" &',
  'server=$!',
  '{ read -r line <&3; kill "$server" 2>/dev/null; } &',
  'reader=$!',
  'wait "$server"',
  'status=$?',
  'kill "$reader" 2>/dev/null',
  'rm -rf "$LAYERCACHE_REDIS_DIR"',
  'exit "$status"',
].join('\n')

/**
 * Starts a throwaway `redis-server` on a free port of 127.0.0.1, persistence off, in its own
 * temporary directory, and resolves once it answers PING. The server dies with this process.
 *
 * @throws Error with one line on how to install Redis when `redis-server` is not on PATH.
 * @example
 * ```ts
 * const server = await startRedisServer()
 * const redis = new Redis(server.url)
 * await server.stop()
 * ```
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServerHandle> {
  const binary = requireRedisExecutable('redis-server')
  let lastError: unknown
  // The port we found free can be taken before redis-server binds it; another port usually works.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await findFreePort({ clusterBus: options.clusterBus ?? false })
    try {
      return await launch(binary, port, options)
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

async function launch(
  binary: string,
  port: number,
  options: StartRedisServerOptions,
): Promise<RedisServerHandle> {
  const dir = mkdtempSync(join(tmpdir(), `layercache-redis-${port}-`))
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir]
  const child = spawn('sh', ['-c', WATCHDOG_SCRIPT, binary, ...args, ...(options.extraArgs ?? [])], {
    detached: true,
    env: { ...process.env, LAYERCACHE_REDIS_DIR: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT)
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  // 'error' instead of 'exit' when sh itself cannot be spawned.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.once('error', () => resolve())
  })
  let running = true
  void exited.then(() => {
    running = false
  })
  const cancelExitHook = onProcessExit(() => {
    killGroup(child, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  // Neither the process nor its pipes may keep a test worker alive; the watchdog covers cleanup.
  child.unref()
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref()

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      child.stdin!.end()
      const timeout = setTimeout(() => killGroup(child, 'SIGKILL'), 5000)
      await exited
      clearTimeout(timeout)
      cancelExitHook()
      rmSync(dir, { recursive: true, force: true })
    })())

  const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS)
  while (!(await pingRedis({ host: HOST, port }, 500))) {
    if (!running || Date.now() > deadline) {
      await stop()
      const reason = running ? 'did not answer PING in time' : 'exited'
      throw new Error(`redis-server on port ${port} ${reason}:\n${output.trim()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return { host: HOST, port, url: `redis://${HOST}:${port}`, dir, stop }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    // detached made the watchdog a process-group leader; the minus sign reaches Redis too.
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}
