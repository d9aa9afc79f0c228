import { errors, LayercacheError } from '../errors.js'
import { cloneValue } from '../serialization/value-snapshot.js'
import type { CacheCore, Flight } from './cache-core.js'
import type { Loader } from './cache-options.js'
import { type DistributedLoad, takeLoadLock, waitForLoad } from './distributed-load.js'
import type { Found, ReadTarget } from './layer-reader.js'
import { writeEntries } from './layer-writer.js'
import { withTimeout } from './timeouts.js'

/** Resolved options of one `getOrSet` call (milliseconds; tags already namespaced). */
export interface LoadOptions {
  readonly ttl: number
  readonly grace: number
  readonly tagKeys: readonly string[]
  readonly timeout: number | undefined
  readonly hardTimeout: number | undefined
  /** Cross-process stampede protection, when on. */
  readonly distributed: DistributedLoad | undefined
}

/** Where a load happens. */
export interface LoadTarget extends ReadTarget {
  readonly namespace: string
}

/** What one loader run produced, shared by every caller waiting on it. */
type LoadOutcome = Awaited<Flight['outcome']>

const TIMED_OUT: unique symbol = Symbol('timedOut')

/**
 * Runs the loader for a key that had no fresh value, once per key per process however many callers
 * arrive (stampede protection), and applies the stale-value policy: with a stale entry, the soft
 * timeout returns it early (`0` = stale-while-revalidate) and a failing or too-slow loader falls back
 * to it (fail-safe); without one, errors and the hard timeout reach the caller. Loader errors are
 * never cached.
 */
export async function loadValue<T>(
  core: CacheCore,
  target: LoadTarget,
  loader: Loader<T>,
  options: LoadOptions,
  stale: Found | undefined,
): Promise<T | undefined> {
  const staleValue = stale === undefined ? undefined : (decodeStale(core, stale) as T)
  const flight = core.flights.get(target.fullKey) ?? startFlight(core, target, loader, options, staleValue)
  const wait =
    stale === undefined
      ? (options.hardTimeout ?? Number.POSITIVE_INFINITY)
      : Math.min(options.timeout ?? Number.POSITIVE_INFINITY, options.hardTimeout ?? Number.POSITIVE_INFINITY)
  const outcome = await withTimeout(flight.outcome, wait, (): typeof TIMED_OUT => TIMED_OUT)
  if (outcome === TIMED_OUT) {
    const hard = options.hardTimeout !== undefined && wait >= options.hardTimeout
    if (hard) {
      core.stats.loaderTimeouts++
      const error = new LayercacheError(
        errors.LOADER_TIMEOUT,
        `the loader of '${target.key}' did not finish within ${options.hardTimeout} ms`,
      )
      if (stale === undefined) {
        core.stats.misses++
        throw error
      }
      core.reportError({
        error,
        operation: 'loader',
        namespace: target.namespace,
        key: target.key,
        servedStale: true,
      })
    }
    return serveStale(core, target, stale!, staleValue as T)
  }
  if (outcome.ok) {
    core.stats.misses++
    return (outcome.mutable ? cloneValue(outcome.value) : outcome.value) as T
  }
  if (stale === undefined) {
    core.stats.misses++
    throw outcome.error
  }
  core.reportError({
    error: outcome.error,
    operation: 'loader',
    namespace: target.namespace,
    key: target.key,
    servedStale: true,
  })
  return serveStale(core, target, stale, staleValue as T)
}

function serveStale<T>(core: CacheCore, target: LoadTarget, stale: Found, value: T): T {
  core.stats.hits++
  core.stats.staleHits++
  if (core.events.has.hit) {
    core.events.emit('hit', {
      key: target.key,
      namespace: target.namespace,
      layer: core.layers[stale.layerIndex]!.name,
      stale: true,
    })
  }
  return value
}

function decodeStale(core: CacheCore, stale: Found): unknown {
  return core.codec.decode(stale.entry, core.layers[stale.layerIndex]!)
}

function startFlight<T>(
  core: CacheCore,
  target: LoadTarget,
  loader: Loader<T>,
  options: LoadOptions,
  staleValue: T | undefined,
): Flight {
  const { createdAt, now: startedAt } = core.issueCreatedAt()
  const flight = { superseded: false } as Flight & { outcome: Flight['outcome'] }
  flight.outcome = (async () => {
    const lock =
      options.distributed === undefined ? undefined : await takeLoadLock(core, target, options.distributed)
    if (lock?.acquired === false) {
      const loadedElsewhere = await waitForLoad(core, target, options.distributed!.wait)
      if (loadedElsewhere !== undefined) return { ok: true as const, value: loadedElsewhere, mutable: true }
    }
    try {
      return await runLoader(core, target, loader, options, staleValue, flight, { createdAt, startedAt })
    } finally {
      if (lock?.acquired) await lock.release()
    }
  })()
  core.flights.set(target.fullKey, flight)
  void flight.outcome.then(() => {
    if (core.flights.get(target.fullKey) === flight) core.flights.delete(target.fullKey)
  })
  return flight
}

async function runLoader<T>(
  core: CacheCore,
  target: LoadTarget,
  loader: Loader<T>,
  options: LoadOptions,
  staleValue: T | undefined,
  flight: Flight,
  { createdAt, startedAt }: { createdAt: number; startedAt: number },
): Promise<LoadOutcome> {
  const started = performance.now()
  let value: T
  try {
    value = await loader({ signal: core.abort.signal, staleValue })
  } catch (error) {
    finishLoad(core, target, started, false)
    return { ok: false as const, error }
  }
  finishLoad(core, target, started, true)
  if (value === undefined || flight.superseded || core.closed)
    return { ok: true as const, value, mutable: false }
  try {
    const prepared = core.codec.prepare(value)
    const expiresAt = startedAt + options.ttl
    const times = {
      createdAt,
      expiresAt,
      staleUntil: expiresAt + options.grace,
      tags: options.tagKeys.length === 0 ? undefined : options.tagKeys,
    }
    await writeEntries(
      core,
      [{ fullKey: target.fullKey, keyPrefix: target.keyPrefix, key: target.key, times, prepared }],
      target.namespace,
    )
    if (core.events.has.set)
      core.events.emit('set', { key: target.key, namespace: target.namespace, source: 'loader' })
    const object = prepared.object
    return {
      ok: true as const,
      value: object === undefined ? value : object.value,
      mutable: object?.mutable ?? false,
    }
  } catch (error) {
    return { ok: false as const, error }
  }
}

function finishLoad(core: CacheCore, target: LoadTarget, started: number, ok: boolean): void {
  const duration = performance.now() - started
  core.stats.recordLoad(duration, ok)
  if (core.events.has.load)
    core.events.emit('load', { key: target.key, namespace: target.namespace, duration, ok })
}
