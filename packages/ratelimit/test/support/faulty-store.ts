import {
  type AtomicScript,
  MemoryStore,
  type MemoryStoreOptions,
  type ScriptArgument,
} from '@layercache/core'

/**
 * A real memory store whose scripts answer asynchronously, as a remote store's would, and which can be
 * told to fail or stall — standing in for a Redis whose network misbehaves. `shared` makes the
 * Ratelimit treat it as a remote store (ephemeral cache on by default).
 */
export class FaultyStore extends MemoryStore {
  mode: 'ok' | 'fail' | 'stall' | 'garbage' = 'ok'
  runs = 0
  private readonly stalled: (() => void)[] = []

  constructor(options: MemoryStoreOptions & { shared?: boolean } = {}) {
    super({ name: 'remote', ...options })
    if (options.shared ?? true) Object.defineProperty(this, 'shared', { value: true })
  }

  override run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): TResult {
    this.runs++
    const mode = this.mode
    const answer = async (): Promise<TResult> => {
      await Promise.resolve()
      if (mode === 'fail') throw new Error('connection refused')
      if (mode === 'stall') await new Promise<void>((resolve) => this.stalled.push(resolve))
      if (mode === 'garbage') return ['allowed'] as TResult
      return super.run(script, keys, args)
    }
    // The Store contract allows a promise here; MemoryStore's signature is the synchronous one.
    return answer() as unknown as TResult
  }

  /** Lets every stalled call go on (they then run against the store as usual). */
  release(): void {
    for (const resolve of this.stalled.splice(0)) resolve()
  }
}
