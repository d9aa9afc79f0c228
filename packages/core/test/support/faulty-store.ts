import type { MemoryStoreOptions } from '../../src/index.js'
import { MemoryStore } from '../../src/memory/memory-store.js'

/**
 * A real memory store that can be told to fail or stall, standing in for a remote layer whose
 * network misbehaves. Faults apply to every Store method.
 */
export class FaultyStore extends MemoryStore {
  mode: 'ok' | 'fail' | 'stall' = 'ok'
  calls = 0

  constructor(options: MemoryStoreOptions & { shared?: boolean } = {}) {
    super({ name: 'remote', ...options })
    if (options.shared) Object.defineProperty(this, 'shared', { value: true })
    for (const method of [
      'get',
      'getMany',
      'set',
      'setMany',
      'setIfVersion',
      'expire',
      'delete',
      'deleteMany',
      'deleteByPrefix',
      'getTagStamps',
      'stampTags',
    ] as const) {
      const original = (MemoryStore.prototype[method] as (...args: unknown[]) => unknown).bind(this)
      ;(this as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        this.calls++
        await Promise.resolve()
        if (this.mode === 'fail') throw new Error('connection refused')
        if (this.mode === 'stall') await new Promise(() => {})
        return original(...args)
      }
    }
  }
}
