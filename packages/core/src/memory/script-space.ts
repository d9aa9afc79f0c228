import type { Clock } from '../clock.js'
import type { LocalScriptContext } from '../store/atomic-script.js'

interface ScriptValue {
  value: unknown
  /** Milliseconds since the epoch; `Infinity` without expiry. */
  expiresAt: number
}

/**
 * The keyspace atomic scripts work in on a memory store: arbitrary JavaScript values with Redis-like
 * expiry. It is separate from cache entries so that cache eviction never drops a rate-limit counter
 * or a lock; every value here has the lifetime its script gives it.
 */
export class ScriptSpace implements LocalScriptContext {
  private readonly values = new Map<string, ScriptValue>()

  constructor(private readonly clock: () => Clock) {}

  get size(): number {
    return this.values.size
  }

  now(): number {
    return this.clock().now()
  }

  get<T = unknown>(key: string): T | undefined {
    return this.live(key)?.value as T | undefined
  }

  set(key: string, value: unknown, ttl?: number): void {
    this.values.set(key, {
      value,
      expiresAt: ttl === undefined ? Number.POSITIVE_INFINITY : this.now() + ttl,
    })
  }

  delete(key: string): boolean {
    return this.live(key) !== undefined && this.values.delete(key)
  }

  pttl(key: string): number {
    const held = this.live(key)
    if (held === undefined) return -2
    return held.expiresAt === Number.POSITIVE_INFINITY ? -1 : held.expiresAt - this.now()
  }

  pexpire(key: string, ttl: number): boolean {
    const held = this.live(key)
    if (held === undefined) return false
    if (ttl <= 0) return this.values.delete(key)
    held.expiresAt = this.now() + ttl
    return true
  }

  private live(key: string): ScriptValue | undefined {
    const held = this.values.get(key)
    if (held !== undefined && held.expiresAt <= this.now()) {
      this.values.delete(key)
      return undefined
    }
    return held
  }

  sweep(now: number): void {
    for (const [key, held] of this.values) if (held.expiresAt <= now) this.values.delete(key)
  }

  clear(): void {
    this.values.clear()
  }
}
