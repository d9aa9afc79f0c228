import { parseDuration } from '../duration.js'
import type { CacheEvents } from '../events/cache-events.js'
import type { ScriptRunner } from '../store/script-runner.js'
import {
  ANALYTICS_RETENTION_MS,
  type AnalyticsOptions,
  DEFAULT_ANALYTICS_FLUSH_INTERVAL,
  flushCountersScript,
  type GlobalStats,
  readCountersScript,
  totalsFromReply,
} from './global-stats.js'

/**
 * Counts hits and misses per namespace from the cache's own events and adds them to totals kept in
 * a shared store, in one script call per interval. The timer never keeps the process alive.
 */
export class AnalyticsRecorder {
  private readonly pending = new Map<string, { hits: number; misses: number }>()
  private readonly countersKey: string
  private readonly timer: ReturnType<typeof setInterval>
  private readonly unsubscribe: (() => void)[]

  constructor(
    private readonly store: ScriptRunner,
    root: string,
    events: CacheEvents,
    options: AnalyticsOptions,
    private readonly onError: (error: unknown) => void,
  ) {
    // One hash per root namespace, under its own hash tag: one slot on Redis Cluster.
    this.countersKey = `stats:{${root}}`
    this.unsubscribe = [
      events.on('hit', (event) => this.count(event.namespace).hits++),
      events.on('miss', (event) => this.count(event.namespace).misses++),
    ]
    const interval = parseDuration(options.flushInterval ?? DEFAULT_ANALYTICS_FLUSH_INTERVAL, 'flushInterval')
    this.timer = setInterval(() => {
      this.flush().catch(this.onError)
    }, interval)
    this.timer.unref?.()
  }

  /** Adds what was counted since the last flush to the shared totals (one round trip). */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return
    const fields: (string | number)[] = []
    for (const [namespace, counts] of this.pending) {
      if (counts.hits > 0) fields.push(`${namespace}|hits`, counts.hits)
      if (counts.misses > 0) fields.push(`${namespace}|misses`, counts.misses)
    }
    this.pending.clear()
    if (fields.length === 0) return
    await this.store.run(flushCountersScript, [this.countersKey], [ANALYTICS_RETENTION_MS, ...fields])
  }

  /** The totals of every process, this one's pending counts included. */
  async read(): Promise<GlobalStats> {
    await this.flush()
    const reply = await this.store.run(readCountersScript, [this.countersKey], [])
    return totalsFromReply(reply as unknown[])
  }

  /** Stops counting and flushes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer)
    for (const unsubscribe of this.unsubscribe) unsubscribe()
    await this.flush().catch(this.onError)
  }

  private count(namespace: string): { hits: number; misses: number } {
    let counts = this.pending.get(namespace)
    if (counts === undefined) {
      counts = { hits: 0, misses: 0 }
      this.pending.set(namespace, counts)
    }
    return counts
  }
}
