import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startTcpProxy, type TcpProxy } from '@layercache/test-utils'
import type { FromWorker, ToWorker } from './convergence-worker.js'

const script = fileURLToPath(new URL('./convergence-worker.ts', import.meta.url))

/** A worker process of the convergence test, with its own proxy in front of Redis. */
export interface ConvergenceWorker {
  readonly name: string
  readonly proxy: TcpProxy
  /** Unhandled rejections and exceptions it reported, and an unexpected exit. */
  readonly problems: string[]
  send(message: ToWorker): void
  /** The next message of `type` (a deadline, not a measurement). */
  next<T extends FromWorker['type']>(type: T, within?: number): Promise<Extract<FromWorker, { type: T }>>
  /** Asks it to close, and kills it if it has not exited within a few seconds. */
  stop(): Promise<void>
}

/** Forks a worker (with tsx, as the other multi-process tests) whose Redis is reached through a new proxy to `target`. */
export async function startWorker(target: string, name: string): Promise<ConvergenceWorker> {
  const proxy = await startTcpProxy(target)
  const child: ChildProcess = fork(script, [proxy.url, name], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const problems: string[] = []
  const waiting = new Map<string, (message: FromWorker) => void>()
  let exited = false
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true
      if (!closing) problems.push(`${name} exited (code ${code}, signal ${signal})`)
      resolve()
    })
  })
  let closing = false
  child.on('message', (message: FromWorker) => {
    if (message.type === 'unhandled') problems.push(`${name}: ${message.error}`)
    waiting.get(message.type)?.(message)
  })
  const worker: ConvergenceWorker = {
    name,
    proxy,
    problems,
    send: (message) => {
      if (!exited) child.send(message)
    },
    next: (type, within = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(type)
          reject(new Error(`${name} sent no '${type}' within ${within} ms; problems: ${problems.join('; ')}`))
        }, within)
        waiting.set(type, (message) => {
          clearTimeout(timer)
          waiting.delete(type)
          resolve(message as never)
        })
      }),
    async stop() {
      closing = true
      worker.send({ type: 'close' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exit
      clearTimeout(timer)
      await proxy.close()
    },
  }
  // Loading TypeScript through tsx takes long on a busy machine: a generous deadline.
  await worker.next('started', 120_000)
  return worker
}
