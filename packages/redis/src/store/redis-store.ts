import {
  type AtomicScript,
  type Clock,
  errors,
  LayercacheError,
  parseDuration,
  type ScriptArgument,
  type Store,
  type StoreAttachment,
  type StoredEntry,
  type StoreWrite,
  systemClock,
  type TagStamp,
} from '@layercache/core'
import { detectDriver, type RedisClient } from '../driver/detect-driver.js'
import type { RedisCommand, RedisDriver } from '../driver/redis-driver.js'
import { readEntriesScript, stampTagsScript, writeTaggedScript } from './cache-scripts.js'
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js'
import { guarded } from './command-guard.js'
import { decodeEnvelope, encodeEnvelope } from './entry-envelope.js'
import { KeyLayout } from './key-layout.js'
import {
  DEFAULT_CLUSTER_SHARDS,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_PREFIX,
  DEFAULT_REDIS_MAX_VALUE_BYTES,
  type RedisStoreOptions,
} from './redis-store-options.js'
import { deleteByPatterns } from './scan-delete.js'
import { runScripts } from './script-runner.js'

type ScriptCall = Parameters<typeof runScripts>[1][number]

function failed(reply: unknown, what: string): asserts reply is Exclude<typeof reply, Error> {
  if (reply instanceof Error) {
    throw new LayercacheError(errors.STORE_FAILURE, `Redis ${what} failed: ${reply.message.slice(0, 200)}`, {
      cause: reply,
    })
  }
}

const stamp = (record: unknown): TagStamp | undefined => {
  const [invalidatedAt, expiredAt] = (record as [string, string]).map(Number) as [number, number]
  return invalidatedAt === 0 && expiredAt === 0 ? undefined : { invalidatedAt, expiredAt }
}

/**
 * Redis as a cache layer and as the store of the rate limiter, lock and leaderboard — over ioredis
 * (and Cluster), node-redis (and cluster) or @upstash/redis, behaving the same on each. A batch is one
 * round trip (one script per shard, pipelined); every command has a timeout; a circuit breaker stops
 * hammering a Redis that is down.
 */
export class RedisStore implements Store {
  readonly name: string
  readonly serializes = true
  readonly shared = true
  readonly maxValueBytes: number
  readonly driver: RedisDriver
  readonly layout: KeyLayout
  private readonly timeout: number
  private readonly breaker: CircuitBreaker | undefined
  private clock: Clock = systemClock

  constructor(client: RedisClient, options: RedisStoreOptions = {}) {
    this.driver = detectDriver(client)
    this.name = options.name ?? 'redis'
    this.layout = new KeyLayout(
      options.prefix ?? DEFAULT_PREFIX,
      options.shards ?? (this.driver.cluster ? DEFAULT_CLUSTER_SHARDS : 1),
    )
    this.timeout = parseDuration(options.timeout ?? DEFAULT_COMMAND_TIMEOUT, 'timeout')
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_REDIS_MAX_VALUE_BYTES
    this.breaker =
      options.circuitBreaker === false
        ? undefined
        : new CircuitBreaker(options.circuitBreaker ?? {}, () => this.clock)
  }

  /** The circuit breaker's state (`closed` when it is turned off). */
  get circuitState(): CircuitState {
    return this.breaker?.state ?? 'closed'
  }

  attach(attachment: StoreAttachment): void {
    this.clock = attachment.clock
  }

  async get(key: string): Promise<StoredEntry | undefined> {
    return (await this.getMany([key]))[0]
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return []
    const groups = [...this.layout.groupByShard(keys)]
    const calls: ScriptCall[] = groups.map(([shard, positions]) => ({
      script: readEntriesScript,
      keys: positions.map((position) => this.layout.entryKey(keys[position]!, shard)),
      args: [this.layout.tagKey('', shard)],
    }))
    const replies = await this.send('read', () => runScripts(this.driver, calls))
    const entries: (StoredEntry | undefined)[] = new Array(keys.length).fill(undefined)
    groups.forEach(([, positions], group) => {
      const reply = replies[group]
      failed(reply, 'read')
      positions.forEach((position, index) => {
        const found = (reply as unknown[])[index] as [string, unknown[]] | null
        if (found === null || found === undefined) return
        const entry = decodeEnvelope(found[0])
        entries[position] = entry.tags === undefined ? entry : { ...entry, tagStamps: found[1].map(stamp) }
      })
    })
    return entries
  }

  async set(key: string, entry: StoredEntry): Promise<void> {
    await this.setMany([{ key, entry }])
  }

  async setMany(writes: readonly StoreWrite[]): Promise<void> {
    const now = this.clock.now()
    const commands: RedisCommand[] = []
    const commandKeys: string[] = []
    const tagged = new Map<number, StoreWrite[]>()
    for (const write of writes) {
      const ttl =
        write.entry.staleUntil === Number.POSITIVE_INFINITY ? -1 : Math.ceil(write.entry.staleUntil - now)
      const entryKey = this.layout.entryKey(write.key)
      if (ttl === 0 || ttl < -1) {
        commands.push(['UNLINK', entryKey])
      } else if (write.entry.tags === undefined || write.entry.tags.length === 0) {
        commands.push(
          ttl > 0
            ? ['SET', entryKey, encodeEnvelope(write.entry), 'PX', ttl]
            : ['SET', entryKey, encodeEnvelope(write.entry)],
        )
      } else {
        const shard = this.layout.shardOf(write.key)
        tagged.set(shard, [...(tagged.get(shard) ?? []), write])
        continue
      }
      commandKeys.push(entryKey)
    }
    const calls: ScriptCall[] = [...tagged].map(([shard, group]) => ({
      script: writeTaggedScript,
      keys: group.map((write) => this.layout.entryKey(write.key, shard)),
      args: [
        this.layout.tagKey('', shard),
        ...group.flatMap((write) => {
          const ttl =
            write.entry.staleUntil === Number.POSITIVE_INFINITY
              ? -1
              : Math.max(1, Math.ceil(write.entry.staleUntil - now))
          return [encodeEnvelope(write.entry), ttl, write.entry.tags!.length, ...write.entry.tags!]
        }),
      ],
    }))
    const [plain, scripted] = await this.send('write', () =>
      Promise.all([this.driver.batch(commands, commandKeys), runScripts(this.driver, calls)]),
    )
    for (const reply of [...plain, ...scripted]) failed(reply, 'write')
  }

  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) > 0
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0
    const entryKeys = keys.map((key) => this.layout.entryKey(key))
    // On a cluster every key may live in another slot: one UNLINK each, pipelined per node.
    const commands: RedisCommand[] = this.driver.cluster
      ? entryKeys.map((entryKey) => ['UNLINK', entryKey] as const)
      : [['UNLINK', ...entryKeys]]
    const replies = await this.send('delete', () =>
      this.driver.batch(commands, this.driver.cluster ? entryKeys : [entryKeys[0]]),
    )
    return replies.reduce<number>((total, reply) => {
      failed(reply, 'delete')
      return total + Number(reply)
    }, 0)
  }

  deleteByPrefix(prefix: string): Promise<number> {
    return this.send(
      'deleteByPrefix',
      () => deleteByPatterns(this.driver, this.layout.prefixPatterns(prefix)),
      10,
    )
  }

  async getTagStamps(tagKeys: readonly string[]): Promise<(TagStamp | undefined)[]> {
    if (tagKeys.length === 0) return []
    const shards = Array.from({ length: this.layout.shards }, (_, shard) => shard)
    const commands = shards.flatMap((shard) =>
      tagKeys.map((tagKey) => ['HMGET', this.layout.tagKey(tagKey, shard), 'i', 'x'] as const),
    )
    const keys = shards.flatMap((shard) => tagKeys.map((tagKey) => this.layout.tagKey(tagKey, shard)))
    const replies = await this.send('getTagStamps', () => this.driver.batch(commands, keys))
    return tagKeys.map((_, index) => {
      let best: TagStamp | undefined
      for (const shard of shards) {
        const reply = replies[shard * tagKeys.length + index]
        failed(reply, 'getTagStamps')
        const found = stamp((reply as (string | null)[]).map((field) => field ?? '0'))
        if (found !== undefined) {
          best = {
            invalidatedAt: Math.max(best?.invalidatedAt ?? 0, found.invalidatedAt),
            expiredAt: Math.max(best?.expiredAt ?? 0, found.expiredAt),
          }
        }
      }
      return best
    })
  }

  async stampTags(tagKeys: readonly string[], stampTo: Partial<TagStamp>, keepFor: number): Promise<void> {
    if (tagKeys.length === 0) return
    const keep = Number.isFinite(keepFor) ? Math.max(1, Math.ceil(keepFor)) : 2 ** 47
    const calls: ScriptCall[] = Array.from({ length: this.layout.shards }, (_, shard) => ({
      script: stampTagsScript,
      keys: tagKeys.map((tagKey) => this.layout.tagKey(tagKey, shard)),
      args: [stampTo.invalidatedAt ?? '', stampTo.expiredAt ?? '', keep],
    }))
    const replies = await this.send('stampTags', () => runScripts(this.driver, calls))
    for (const reply of replies) failed(reply, 'stampTags')
  }

  async run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<TResult> {
    const [reply] = await this.send(script.name, () =>
      runScripts(this.driver, [
        {
          script: script as AtomicScript<unknown>,
          keys: keys.map((key) => this.layout.scriptKey(key)),
          args,
        },
      ]),
    )
    failed(reply, `script ${script.name}`)
    return reply as TResult
  }

  close(): void {
    // The client belongs to the caller: closing the store never closes it.
  }

  private send<T>(what: string, run: () => Promise<T>, timeoutFactor = 1): Promise<T> {
    return guarded(this.breaker, this.timeout * timeoutFactor, what, run)
  }
}

/**
 * Creates a Redis store over the client you already have.
 *
 * @example
 * ```ts
 * const cache = createCache({ layers: [memoryStore(), redisStore(new Redis(process.env.REDIS_URL))] })
 * ```
 */
export function redisStore(client: RedisClient, options?: RedisStoreOptions): RedisStore {
  return new RedisStore(client, options)
}
