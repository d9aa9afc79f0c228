import type { Clock } from '../clock.js'
import type { Logger } from './logger.js'

/** The least time between two warnings about one layer. */
export const LAYER_WARNING_INTERVAL_MS = 30_000

/**
 * Tells the logger when a layer starts failing and when it recovers — once per change, at most once
 * per {@link LAYER_WARNING_INTERVAL_MS} per layer — instead of once per failed call: an outage is one
 * warning and one recovery, not a warning per request. Every failure still reaches `error` listeners.
 */
export class LayerHealth {
  private readonly failing: boolean[]
  private readonly failures: number[]
  private readonly warnedAt: number[]
  /** A recovery the interval held back, to report with the next change. */
  private readonly unreported: boolean[]

  constructor(
    private readonly names: readonly string[],
    private readonly logger: Logger | undefined,
    private readonly clock: Clock,
  ) {
    this.failing = names.map(() => false)
    this.failures = names.map(() => 0)
    this.warnedAt = names.map(() => Number.NEGATIVE_INFINITY)
    this.unreported = names.map(() => false)
  }

  /** A call on layer `index` failed with `error`. */
  failed(index: number, error: unknown): void {
    this.failures[index]!++
    if (this.failing[index]) return
    this.failing[index] = true
    this.warn(
      index,
      `layercache: layer '${this.names[index]}' is failing; reads fall back to the other layers and the loader`,
      {
        layer: this.names[index],
        error: error instanceof Error ? error.message : String(error),
      },
    )
  }

  /** A call on layer `index` succeeded. Cheap when nothing changes: it is called on every round trip. */
  succeeded(index: number): void {
    if (!this.failing[index]) return
    this.failing[index] = false
    const failures = this.failures[index]!
    this.failures[index] = 0
    this.warn(index, `layercache: layer '${this.names[index]}' recovered after ${failures} failed calls`, {
      layer: this.names[index],
      failures,
    })
  }

  private warn(index: number, message: string, details: Record<string, unknown>): void {
    if (this.logger === undefined) return
    const now = this.clock.now()
    if (now - this.warnedAt[index]! < LAYER_WARNING_INTERVAL_MS) {
      this.unreported[index] = true
      return
    }
    this.warnedAt[index] = now
    const held = this.unreported[index]
    this.unreported[index] = false
    try {
      this.logger.warn(message, held ? { ...details, flapping: true } : details)
    } catch {
      // A broken logger must not break the cache.
    }
  }
}
