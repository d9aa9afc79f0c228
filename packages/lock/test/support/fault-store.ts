import type { Store } from '@layercache/core'
import type {
  AtomicScript,
  ConditionalWrite,
  MaybePromise,
  ScriptArgument,
  StoredEntry,
  StoreRead,
  StoreWrite,
  TagStamp,
} from '@layercache/core/store'

/** What {@link FaultStore} does with a script call. */
export type ScriptFault = 'pass' | 'fail' | 'hang'

/**
 * Wraps any store and makes chosen script calls fail or hang, as a broken connection would. Works
 * over every backend, so the conformance suite can use it unchanged on Redis.
 */
export class FaultStore implements Store {
  readonly layerContract = 1 as const
  readonly scriptContract = 1 as const
  readonly name: string
  readonly serializes: boolean
  readonly shared: boolean
  /** Decides per call; the default passes everything. */
  fault: (scriptName: string) => ScriptFault = () => 'pass'
  /** Runs before each script call (tests move a manual clock here to stand for a slow round trip). */
  beforeRun: (scriptName: string) => void = () => {}
  /** Runs after each script call. */
  afterRun: (scriptName: string) => unknown = () => {}

  constructor(readonly inner: Store) {
    this.name = `faulty-${inner.name}`
    this.serializes = inner.serializes
    this.shared = inner.shared
  }

  async run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ) {
    const fault = this.fault(script.name)
    if (fault === 'fail') throw new Error(`connection reset (injected into ${script.name})`)
    if (fault === 'hang') return new Promise<TResult>(() => {})
    this.beforeRun(script.name)
    const reply = await this.inner.run(script, keys, args)
    this.afterRun(script.name)
    return reply
  }

  get(key: string): MaybePromise<StoreRead> {
    return this.inner.get(key)
  }
  getMany(keys: readonly string[]) {
    return this.inner.getMany(keys)
  }
  set(key: string, entry: StoredEntry) {
    return this.inner.set(key, entry)
  }
  setMany(writes: readonly StoreWrite[]) {
    return this.inner.setMany(writes)
  }
  setIfVersion(writes: readonly ConditionalWrite[]) {
    return this.inner.setIfVersion(writes)
  }
  expire(keys: readonly string[], at: number) {
    return this.inner.expire(keys, at)
  }
  delete(key: string) {
    return this.inner.delete(key)
  }
  deleteMany(keys: readonly string[]) {
    return this.inner.deleteMany(keys)
  }
  deleteByPrefix(prefix: string) {
    return this.inner.deleteByPrefix(prefix)
  }
  getTagStamps(tagKeys: readonly string[]) {
    return this.inner.getTagStamps(tagKeys)
  }
  stampTags(tagKeys: readonly string[], stamp: Partial<TagStamp>, keepFor: number) {
    return this.inner.stampTags(tagKeys, stamp, keepFor)
  }
  close() {
    return this.inner.close()
  }
}
