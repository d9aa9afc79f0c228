import { type Clock, createMemoryStore, type MemoryStore } from '@layercache/core'
import type { ScriptArgument } from '@layercache/core/store'
import type { Limiter } from './limiter.js'
import type { FailMode, StoreFailure } from './ratelimit-options.js'
import { responseFromReply, substituteResponse } from './reply.js'
import type { RateLimitResponse } from './response.js'
import type { ConsumeCall } from './scripts/consume-script.js'

/**
 * What `limit` answers when the store could not: `failMode` applied. The `'local'` mode runs the same
 * consume script, with the same keys, on an in-process memory store created on first use.
 */
export class FailurePolicy {
  private fallbackStore: MemoryStore | undefined

  constructor(
    private readonly failMode: FailMode,
    private readonly limiters: readonly Limiter[],
    private readonly consume: ConsumeCall,
    private readonly clock: Clock,
    private readonly onStoreFailure: ((failure: StoreFailure) => void) | undefined,
  ) {}

  decide(
    failure: StoreFailure,
    keys: readonly string[],
    args: readonly ScriptArgument[],
    pending: Promise<void>,
  ): RateLimitResponse {
    try {
      this.onStoreFailure?.(failure)
    } catch {
      // A failing logger must not turn a decision into an exception.
    }
    const { reason } = failure
    if (this.failMode === 'local') {
      this.fallbackStore ??= createMemoryStore({ clock: this.clock })
      const reply = this.consume.decode(this.fallbackStore.run(this.consume.script, keys, args))
      return { ...responseFromReply(this.limiters, reply, pending), reason }
    }
    const success = this.failMode === 'open'
    return substituteResponse(this.limiters, { success, reason, now: this.clock.now(), pending })
  }
}
