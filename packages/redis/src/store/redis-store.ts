import { type Clock, errors, LayercacheError, parseDuration, type Store, systemClock } from '@layercache/core'
import {
  type Absence,
  type AtomicScript,
  CACHE_LAYER_CONTRACT,
  type ConditionalWrite,
  raiseTagStamp,
  SCRIPT_RUNNER_CONTRACT,
  type ScriptArgument,
  type StoreAttachment,
  type StoredEntry,
  type StoreRead,
  type StoreWrite,
  type TagStamp,
} from '@layercache/core/store'
import { detectDriver } from '../driver/detect-driver.js'
import { isReplyError, type RedisCommand, type RedisDriver } from '../driver/redis-driver.js'
import {
  buryScript,
  expireScript,
  setIfVersionScript,
  stampTagsScript,
  writeTaggedScript,
} from './cache-scripts.js'
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js'
import { guarded } from './command-guard.js'
import { decodeEnvelope, encodeEnvelope, encodeTombstone, UNREADABLE_VERSION } from './entry-envelope.js'
import { escapeGlob, KeyLayout } from './key-layout.js'
import {
  DEFAULT_CLUSTER_SHARDS,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_PREFIX,
  DEFAULT_REDIS_MAX_VALUE_BYTES,
  DEFAULT_TOMBSTONE_TTL,
  type RedisStoreOptions,
} from './redis-store-options.js'
import { deleteByPattern, unlinkByPattern } from './scan-delete.js'
import { runScript, runScripts } from './script-runner.js'

type ScriptCall = Parameters<typeof runScripts>[1][number]

function failed(reply: unknown, what: string): asserts reply is Exclude<typeof reply, Error> {
  if (reply instanceof Error) {
    throw new LayercacheError(errors.STORE_FAILURE, `Redis ${what} failed: ${reply.message.slice(0, 200)}`, {
      cause: reply,
    })
  }
}

/** What a tag record that cannot be read stands for: everything carrying the tag is gone. */
const UNREADABLE_STAMP: TagStamp = { invalidatedAt: Number.MAX_SAFE_INTEGER, expiredAt: 0 }

/** A tag record as Redis returns it (`i`, `x`, `u`; `u` empty or missing without a stale window). */
const stamp = (record: unknown): TagStamp | undefined => {
  const [invalidated, expired, until] = record as [string | null, string | null, string | null]
  const invalidatedAt = Number(invalidated ?? 0)
  const expiredAt = Number(expired ?? 0)
  if (invalidatedAt === 0 && expiredAt === 0) return undefined
  return until === null || until === undefined || until === ''
    ? { invalidatedAt, expiredAt }
    : { invalidatedAt, expiredAt, expiredUntil: Number(until) }
}

/** A version for a tombstone: random, like the cache's write versions. */
const tombstoneVersion = () => Math.floor(Math.random() * Number.MAX_SAFE_INTEGER) + 1

/** Refuses keys Redis would not keep apart: a lone surrogate becomes U+FFFD on the wire. */
function assertWellFormed(keys: readonly string[], what: string): void {
  for (const key of keys) {
    if (!key.isWellFormed()) {
      throw new LayercacheError(
        errors.INVALID_KEY,
        `a ${what} holds a lone UTF-16 surrogate: Redis would store it as U+FFFD, mixing it up with other keys`,
      )
    }
  }
}

/** How many milliseconds an entry written now lives in Redis: `-1` for ever, `0` or less for not at all. */
const physicalTtl = (entry: StoredEntry, now: number): number =>
  entry.staleUntil === Number.POSITIVE_INFINITY ? -1 : Math.ceil(entry.staleUntil - now)

/**
 * Redis as a cache layer and as the store of the rate limiter, lock and leaderboard — over ioredis
 * (and Cluster), node-redis (and cluster) or @upstash/redis, behaving the same on each. A batch is one
 * round trip (one script per shard, pipelined); every command has a timeout; a circuit breaker stops
 * hammering a Redis that is down. Deletions leave a short tombstone, so a conditional write based on
 * an older read never brings a deleted value back.
 */
export class RedisStore implements Store {
  readonly name: string
  readonly serializes = true
  readonly shared = true
  readonly layerContract = CACHE_LAYER_CONTRACT
  readonly scriptContract = SCRIPT_RUNNER_CONTRACT
  readonly maxValueBytes: number
  readonly driver: RedisDriver
  readonly layout: KeyLayout
  private readonly timeout: number
  private readonly tombstoneTtl: number
  private readonly breaker: CircuitBreaker | undefined
  private clock: Clock = systemClock

  constructor(options: RedisStoreOptions) {
    this.driver = detectDriver(options.client)
    this.name = options.name ?? 'redis'
    this.layout = new KeyLayout(
      options.prefix ?? DEFAULT_PREFIX,
      options.shards ?? (this.driver.cluster ? DEFAULT_CLUSTER_SHARDS : 1),
    )
    this.timeout = parseDuration(options.timeout ?? DEFAULT_COMMAND_TIMEOUT, 'timeout')
    this.tombstoneTtl = parseDuration(options.tombstoneTtl ?? DEFAULT_TOMBSTONE_TTL, 'tombstoneTtl')
    if (!(this.tombstoneTtl >= 1 && this.tombstoneTtl < Number.POSITIVE_INFINITY)) {
      throw new LayercacheError(errors.INVALID_OPTION, 'tombstoneTtl must be at least 1 ms and finite')
    }
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

  /**
   * One `GET`. Kept free of async functions and closures of its own: at hundreds of reads in flight
   * each promise and object per read shows up as garbage-collection time.
   */
  get(key: string): Promise<StoreRead> {
    if (!key.isWellFormed()) {
      try {
        assertWellFormed([key], 'key')
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const entryKey = this.layout.entryKey(key)
    return this.send('read', () => this.read(entryKey))
  }

  /**
   * `GET` of an entry key, decoded as it arrives. A key of another type is one unreadable key, not a
   * failed round trip: Redis answered.
   */
  private read(entryKey: string): Promise<StoreRead> {
    const reply =
      this.driver.readString !== undefined
        ? this.driver.readString(entryKey)
        : this.driver.call(['GET', entryKey], entryKey)
    return reply.then(readOf, wrongTypeOrRethrow)
  }

  /**
   * Plain reads: one `GET`, or one `MGET` per shard (a shard's keys share a slot), all in one round
   * trip. Entries come back without their tags' stamps: the cache reads those (or knows them).
   */
  async getMany(keys: readonly string[]): Promise<StoreRead[]> {
    if (keys.length === 0) return []
    assertWellFormed(keys, 'key')
    const groups = [...this.layout.groupByShard(keys)]
    const commands: RedisCommand[] = []
    const routing: string[] = []
    for (const [shard, positions] of groups) {
      const entryKeys = positions.map((position) => this.layout.entryKey(keys[position]!, shard))
      commands.push(entryKeys.length === 1 ? ['GET', entryKeys[0]!] : ['MGET', ...entryKeys])
      routing.push(entryKeys[0]!)
    }
    // One shard: a single command, which the Upstash driver joins with the other calls of the tick.
    const replies = await this.send('read', () =>
      commands.length === 1
        ? this.callKeepingReplyErrors(commands[0]!, routing[0])
        : this.driver.batch(commands, routing),
    )
    const reads: StoreRead[] = new Array(keys.length)
    groups.forEach(([, positions], group) => {
      const reply = replies[group]
      if (positions.length === 1) {
        reads[positions[0]!] = reply instanceof Error ? wrongType(reply) : readOf(reply)
        return
      }
      failed(reply, 'read')
      positions.forEach((position, index) => {
        reads[position] = readOf((reply as unknown[])[index])
      })
    })
    return reads
  }

  async set(key: string, entry: StoredEntry): Promise<void> {
    await this.setMany([{ key, entry }])
  }

  async setMany(writes: readonly StoreWrite[]): Promise<void> {
    assertWellFormed(
      writes.map((write) => write.key),
      'key',
    )
    const now = this.clock.now()
    const commands: RedisCommand[] = []
    const commandKeys: string[] = []
    const tagged = new Map<number, StoreWrite[]>()
    for (const write of writes) {
      const ttl = physicalTtl(write.entry, now)
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
        ...group.flatMap((write) => [
          encodeEnvelope(write.entry),
          physicalTtl(write.entry, now),
          write.entry.tags!.length,
          ...write.entry.tags!,
        ]),
      ],
    }))
    const [plain, scripted] = await this.send('write', () =>
      Promise.all([this.driver.batch(commands, commandKeys), runScripts(this.driver, calls)]),
    )
    for (const reply of [...plain, ...scripted]) failed(reply, 'write')
  }

  /**
   * Conditional writes, one script per shard. A read older than the tombstones' lifetime could have
   * missed a deletion whose tombstone is gone: its write is refused without asking Redis.
   */
  async setIfVersion(writes: readonly ConditionalWrite[]): Promise<boolean[]> {
    assertWellFormed(
      writes.map((write) => write.key),
      'key',
    )
    const now = this.clock.now()
    const landed: boolean[] = new Array(writes.length).fill(false)
    const groups = new Map<number, number[]>()
    writes.forEach((write, position) => {
      const ttl = physicalTtl(write.entry, now)
      if (now - write.readAt >= this.tombstoneTtl || ttl === 0 || ttl < -1) return
      const shard = this.layout.shardOf(write.key)
      const group = groups.get(shard)
      if (group === undefined) groups.set(shard, [position])
      else group.push(position)
    })
    if (groups.size === 0) return landed
    const shards = [...groups]
    const calls: ScriptCall[] = shards.map(([shard, positions]) => ({
      script: setIfVersionScript,
      keys: positions.map((position) => this.layout.entryKey(writes[position]!.key, shard)),
      args: [
        this.layout.tagKey('', shard),
        ...positions.flatMap((position) => {
          const write = writes[position]!
          const tags = write.entry.tags ?? []
          return [
            versionArgument(write.ifVersion),
            encodeEnvelope(write.entry),
            physicalTtl(write.entry, now),
            tags.length,
            ...tags,
          ]
        }),
      ],
    }))
    const replies = await this.send('conditional write', () => runScripts(this.driver, calls))
    shards.forEach(([, positions], group) => {
      const reply = replies[group]
      failed(reply, 'conditional write')
      positions.forEach((position, index) => {
        landed[position] = Number((reply as unknown[])[index]) === 1
      })
    })
    return landed
  }

  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) > 0
  }

  /** Replaces each key with a tombstone (one script per shard); counts the entries that were there. */
  async deleteMany(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0
    assertWellFormed(keys, 'key')
    const tombstone = encodeTombstone(tombstoneVersion())
    const calls: ScriptCall[] = [...this.layout.groupByShard(keys)].map(([shard, positions]) => ({
      script: buryScript,
      keys: positions.map((position) => this.layout.entryKey(keys[position]!, shard)),
      args: [tombstone, Math.ceil(this.tombstoneTtl), '1'],
    }))
    const replies = await this.send('delete', () => runScripts(this.driver, calls))
    return replies.reduce<number>((total, reply) => {
      failed(reply, 'delete')
      return total + Number(reply)
    }, 0)
  }

  /** Replaces every entry under `prefix` with a tombstone, found with SCAN on every master. */
  deleteByPrefix(prefix: string): Promise<number> {
    assertWellFormed([prefix], 'prefix')
    const tombstone = encodeTombstone(tombstoneVersion())
    return this.send(
      'deleteByPrefix',
      () =>
        deleteByPattern(this.driver, this.layout.prefixScan(prefix), (found) =>
          [...this.layout.groupEntryKeysByShard(found)].map(([, entryKeys]) => ({
            script: buryScript,
            keys: entryKeys,
            args: [tombstone, Math.ceil(this.tombstoneTtl), '0'],
          })),
        ),
      10,
    )
  }

  /**
   * Deletes every key under this store's prefix — cache entries, tombstones, tag records and the keys
   * of the rate limiter, lock and leaderboard alike — on every master. For teardown and tests: the
   * cache itself never calls it. Every key that starts with the prefix goes, so a store whose prefix
   * extends this one's (`lc:` and `lc:v2:`) is purged with it. Returns how many keys were deleted.
   */
  purge(): Promise<number> {
    return this.send('purge', () => unlinkByPattern(this.driver, `${escapeGlob(this.layout.prefix)}*`), 10)
  }

  async expire(keys: readonly string[], at: number): Promise<number> {
    if (keys.length === 0) return 0
    assertWellFormed(keys, 'key')
    const calls: ScriptCall[] = [...this.layout.groupByShard(keys)].map(([shard, positions]) => ({
      script: expireScript,
      keys: positions.map((position) => this.layout.entryKey(keys[position]!, shard)),
      args: [JSON.stringify(at)],
    }))
    const replies = await this.send('expire', () => runScripts(this.driver, calls))
    return replies.reduce<number>((total, reply) => {
      failed(reply, 'expire')
      return total + Number(reply)
    }, 0)
  }

  async getTagStamps(tagKeys: readonly string[]): Promise<(TagStamp | undefined)[]> {
    if (tagKeys.length === 0) return []
    assertWellFormed(tagKeys, 'tag')
    const shards = Array.from({ length: this.layout.shards }, (_, shard) => shard)
    const commands = shards.flatMap((shard) =>
      tagKeys.map((tagKey) => ['HMGET', this.layout.tagKey(tagKey, shard), 'i', 'x', 'u'] as const),
    )
    const keys = shards.flatMap((shard) => tagKeys.map((tagKey) => this.layout.tagKey(tagKey, shard)))
    const replies = await this.send('getTagStamps', () => this.driver.batch(commands, keys))
    // Every shard holds a copy of each record (one written per shard); they agree unless a stamp
    // reached only some shards, so they are merged as stamps are raised.
    return tagKeys.map((_, index) => {
      let merged: TagStamp | undefined
      for (const shard of shards) {
        const reply = replies[shard * tagKeys.length + index]
        // A record that cannot be read (another type) voids the entries carrying the tag.
        const found = reply instanceof Error ? UNREADABLE_STAMP : stamp(reply)
        if (found !== undefined) merged = raiseTagStamp(merged ?? { invalidatedAt: 0, expiredAt: 0 }, found)
      }
      return merged
    })
  }

  async stampTags(tagKeys: readonly string[], stampTo: Partial<TagStamp>, keepFor: number): Promise<void> {
    if (tagKeys.length === 0) return
    assertWellFormed(tagKeys, 'tag')
    for (const time of [stampTo.invalidatedAt, stampTo.expiredAt, stampTo.expiredUntil, keepFor]) {
      if (time !== undefined && !(time >= 0)) {
        throw new LayercacheError(errors.INVALID_OPTION, `a tag stamp needs times of 0 or more, got ${time}`)
      }
    }
    // Redis holds expiries up to about 2^63 ms; this is far beyond any TTL the cache accepts.
    const keep = Number.isFinite(keepFor) ? Math.min(Math.max(1, Math.ceil(keepFor)), MAX_KEEP) : MAX_KEEP
    const calls: ScriptCall[] = Array.from({ length: this.layout.shards }, (_, shard) => ({
      script: stampTagsScript,
      keys: tagKeys.map((tagKey) => this.layout.tagKey(tagKey, shard)),
      args: [
        stampTo.invalidatedAt === undefined ? '' : JSON.stringify(stampTo.invalidatedAt),
        stampTo.expiredAt === undefined ? '' : JSON.stringify(stampTo.expiredAt),
        stampTo.expiredUntil === undefined || stampTo.expiredUntil === Number.POSITIVE_INFINITY
          ? ''
          : JSON.stringify(stampTo.expiredUntil),
        String(keep),
      ],
    }))
    const replies = await this.send('stampTags', () => runScripts(this.driver, calls))
    for (const reply of replies) failed(reply, 'stampTags')
  }

  /**
   * Runs an atomic script on the script keys `keys`. They live beside the cache's entries and tag
   * records, under the same prefix, but can never be one of them: a script key may not start the way
   * those do (`{s<n>}:e:`, `{s<n>}:t:`).
   */
  run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<TResult> {
    // The hot path of the rate limiter, lock and leaderboard: the EVALSHA command built in one pass,
    // one guarded round trip, the reply checked on the way out.
    const count = keys.length
    const command = new Array<string | number>(3 + count + args.length)
    command[0] = 'EVALSHA'
    command[1] = script.sha1
    command[2] = count
    for (let index = 0; index < count; index++) {
      const key = keys[index]!
      if (!key.isWellFormed()) {
        try {
          assertWellFormed([key], 'script key')
        } catch (error) {
          return Promise.reject(error)
        }
      }
      if (CACHE_SPACE.test(key)) {
        return Promise.reject(
          new LayercacheError(
            errors.INVALID_KEY,
            `a script key must not start like a cache entry or tag record ({s<n>}:e: or {s<n>}:t:), got ${JSON.stringify(key.slice(0, 40))}`,
          ),
        )
      }
      command[3 + index] = this.layout.scriptKey(key)
    }
    for (let index = 0; index < args.length; index++) command[3 + count + index] = args[index]!
    const evalsha = command as unknown as RedisCommand
    return guarded(this.breaker, this.timeout, script.name, () => {
      if (!this.driver.available()) throw new Error('the Redis client is disconnected')
      return runScript(
        this.driver,
        script as AtomicScript<unknown>,
        evalsha,
        count > 0 ? (evalsha[3] as string) : undefined,
      )
    }).then((reply) => scriptReply<TResult>(reply, script.name))
  }

  close(): void {
    // The client belongs to the caller: closing the store never closes it.
  }

  /**
   * One round trip under the timeout and circuit breaker. While the client knows it is disconnected
   * a command would only wait in its offline queue for the timeout: it fails at once instead.
   */
  /** One command; an error Redis replied with comes back in its slot, as in a batch. */
  private async callKeepingReplyErrors(command: RedisCommand, key: string | undefined): Promise<unknown[]> {
    try {
      return [await this.driver.call(command, key)]
    } catch (error) {
      if (isReplyError(error)) return [error]
      throw error
    }
  }

  private send<T>(what: string, run: () => Promise<T>, timeoutFactor = 1): Promise<T> {
    return guarded(this.breaker, this.timeout * timeoutFactor, what, () => {
      if (!this.driver.available()) throw new Error('the Redis client is disconnected')
      return run()
    })
  }
}

/** A script's reply, or the error Redis replied with as `E_STORE_FAILURE`. */
function scriptReply<TResult>(reply: unknown, name: string): TResult {
  failed(reply, `script ${name}`)
  return reply as TResult
}

/** How the keys of cache entries and tag records start, after the store's prefix (see `KeyLayout`). */
const CACHE_SPACE = /^\{s\d+\}:[et]:/

/** The longest a tag record is kept: 2^53 ms, about 285,000 years. */
const MAX_KEEP = Number.MAX_SAFE_INTEGER

/** A version as the scripts compare it (see `versionOf` in cache-scripts.ts). */
function versionArgument(version: number): string {
  if (version === 0) return '0'
  if (Number.isSafeInteger(version) && version > 0) return String(version)
  return version === UNREADABLE_VERSION ? '-1' : 'never'
}

/** A `GET` that failed: unreadable when Redis itself refused it, else a failed round trip. */
function wrongTypeOrRethrow(error: unknown): Absence {
  if (isReplyError(error)) return wrongType(error as Error)
  throw error
}

/** What a key held, as a {@link StoreRead}: `MGET` answers nothing for a key of another type. */
function readOf(stored: unknown): StoreRead {
  return typeof stored === 'string' ? decodeEnvelope(stored) : undefined
}

/**
 * A `GET` refused because the key holds another type (planted under our prefix): nothing usable,
 * reported, and a conditional write naming version `0` replaces it, as it would an empty key.
 */
function wrongType(reply: Error): Absence {
  return {
    absent: true,
    version: 0,
    error: new LayercacheError(
      errors.DECODE_FAILED,
      `a Redis key holds something else: ${reply.message.slice(0, 120)}`,
      {
        cause: reply,
      },
    ),
  }
}

/**
 * Creates a Redis store over the client you already have.
 *
 * @example
 * ```ts
 * const cache = createCache({ layers: [createMemoryStore(), createRedisStore({ client: new Redis(process.env.REDIS_URL) })] })
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options)
}
