import { type Clock, createMemoryStore, type MemoryStore, type ScriptRunner } from '@layercache/core'
import type { AtomicScript, ScriptArgument } from '@layercache/core/store'

/**
 * A real memory store whose scripts answer asynchronously, as a remote store's would, and which can be
 * told to fail or stall — standing in for a Redis whose network misbehaves. `shared` makes the
 * RateLimit treat it as a remote store (ephemeral cache on by default).
 */
export class FaultyStore implements ScriptRunner {
  readonly scriptContract = 1 as const
  readonly name = 'remote'
  readonly shared: boolean
  mode: 'ok' | 'fail' | 'stall' | 'garbage' = 'ok'
  runs = 0
  private readonly stalled: (() => void)[] = []
  private readonly memory: MemoryStore

  constructor(options: { clock?: Clock; shared?: boolean } = {}) {
    this.memory = createMemoryStore(options.clock === undefined ? {} : { clock: options.clock })
    this.shared = options.shared ?? true
  }

  run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<TResult> {
    this.runs++
    const mode = this.mode
    const answer = async (): Promise<TResult> => {
      await Promise.resolve()
      if (mode === 'fail') throw new Error('connection refused')
      if (mode === 'stall') await new Promise<void>((resolve) => this.stalled.push(resolve))
      if (mode === 'garbage') return ['allowed'] as TResult
      return this.memory.run(script, keys, args)
    }
    return answer()
  }

  /** Lets every stalled call go on (they then run against the store as usual). */
  release(): void {
    for (const resolve of this.stalled.splice(0)) resolve()
  }

  close(): void {
    this.memory.close()
  }
}
