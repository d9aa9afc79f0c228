// One process of the multi-process tests: connects to Redis, says 'ready', then runs what the parent
// asks — a batch of torture sections (runTortureWorker) or one timed wait — and reports over IPC.
// Run with `fork(file, [redisUrl, lockPrefix, monitorPrefix, channel, workerId], { execArgv: ['--import', 'tsx'] })`.
import { createRedisStore, detectDriver } from '@layercache/redis'
import { Redis } from 'ioredis'
import { createLock, createPubSubNotifier, createRedlock, type Locker } from '../../src/index.js'
import { randomPauses, runTortureWorker, type SectionPause, seededRandom } from './torture-harness.js'

/** A torture batch: `sections` critical sections on one resource, judged by the referee on Redis. */
export interface TortureCommand {
  readonly type: 'torture'
  readonly runId: string
  readonly sections: number
  readonly ttl: number
  readonly autoExtend: boolean
  readonly extendAt?: number
  /** Share of sections that pause for 1.5 to 2.5 times the TTL. */
  readonly longShare: number
  readonly pauseKind: SectionPause['kind']
  /** `constant`: every section sends fence 1, as a broken fencing scheme would. */
  readonly fence: 'handle' | 'constant'
  /** `redlock`: a Redlock over three stores (three prefixes) instead of one Lock. */
  readonly locker: 'lock' | 'redlock'
  readonly seed: number
}

/** One wait for a lock the parent holds, with retries so slow that only a notification explains a quick win. */
export interface WaitCommand {
  readonly type: 'wait'
  readonly resource: string
}

export type WorkerCommand = TortureCommand | WaitCommand | { readonly type: 'exit' }

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'torture'; sections: number; lost: number; notAcquired: number }
  | { type: 'waiting' }
  | { type: 'acquired' }
  | { type: 'failed'; message: string }

const [url, lockPrefix, monitorPrefix, channel, workerId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
]
const client = new Redis(url, { maxRetriesPerRequest: 1 })
const driver = detectDriver(client)
const notifier = createPubSubNotifier({
  transport: {
    publish: (name, message) => driver.call(['PUBLISH', name, message]),
    subscribe: (name, handlers) => driver.subscribe(name, handlers),
  },
  channel,
})
await notifier.connect()
// Generous timeouts: a slow answer on a busy machine must not read as a lost lock or referee.
const stores = [0, 1, 2].map((index) =>
  createRedisStore({ client, prefix: `${lockPrefix}s${index}:`, timeout: '30s' }),
)
const monitor = createRedisStore({ client, prefix: monitorPrefix, timeout: '30s' })
const send = (reply: WorkerReply) => process.send?.(reply)

function lockerFor(command: TortureCommand): Locker {
  const options = { notifier, retryDelay: '5ms', maxRetryDelay: '20ms' } as const
  return command.locker === 'redlock'
    ? createRedlock({ stores, ...options })
    : createLock({ store: stores[0]!, ...options })
}

async function torture(command: TortureCommand): Promise<void> {
  const seed = command.seed * 100 + Number(workerId)
  const report = await runTortureWorker({
    locker: lockerFor(command),
    monitor,
    runId: command.runId,
    workerId: `w${workerId}`,
    resource: command.runId,
    sections: command.sections,
    ttl: command.ttl,
    wait: 60_000,
    autoExtend: command.autoExtend,
    extendAt: command.extendAt,
    pause: randomPauses(seededRandom(seed), command.ttl, command.longShare, command.pauseKind),
    fenceOf: command.fence === 'constant' ? () => 1 : undefined,
  })
  send({ type: 'torture', ...report })
}

async function waitFor(command: WaitCommand): Promise<void> {
  const lock = createLock({ store: stores[0]!, notifier, retryDelay: '1h', maxRetryDelay: '1h' })
  const acquiring = lock.acquire(command.resource, { ttl: 60, wait: '2h' })
  send({ type: 'waiting' })
  const handle = await acquiring
  send({ type: 'acquired' })
  await handle.release()
}

process.on('message', (command: WorkerCommand) => {
  if (command.type === 'exit') {
    void notifier.close().then(() => {
      client.disconnect()
      process.disconnect()
    })
    return
  }
  const running = command.type === 'torture' ? torture(command) : waitFor(command)
  running.catch((error: unknown) =>
    send({ type: 'failed', message: String((error as Error)?.stack ?? error) }),
  )
})
send({ type: 'ready' })
