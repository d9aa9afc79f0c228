import { errors, LayercacheError } from '../errors.js'
import { cloneValue } from '../serialization/value-snapshot.js'
import type { CacheCore, Flight } from './cache-core.js'
import type { Loader } from './cache-options.js'
import { type DistributedLoad, takeLoadLock, waitForLoad } from './distributed-load.js'
import { endRead, type Found, type ReadContext, type ReadTarget } from './layer-reader.js'
import { storeLoaded } from './layer-writer.js'
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
 * never cached. `read` is the read that found no fresh value: the load stores its value only where
 * the key is still as that read found it, and ends the read when done.
 */
export async function loadValue<T>(
  core: CacheCore,
  target: LoadTarget,
  loader: Loader<T>,
  options: LoadOptions,
  stale: Found | undefined,
  read: ReadContext,
): Promise<T | undefined> {
  const staleValue = stale === undefined ? undefined : (decodeStale(core, stale, target) as T | undefined)
  const usableStale = staleValue === undefined ? undefined : stale
  let flight = core.flights.get(target.fullKey)
  if (flight === undefined) flight = startFlight(core, target, loader, options, staleValue, read)
  else endRead(core, read)
  const wait =
    usableStale === undefined
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
      if (usableStale === undefined) {
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
    return serveStale(core, target, usableStale!, staleValue as T)
  }
  if (outcome.ok) {
    core.stats.misses++
    return (outcome.mutable ? cloneValue(outcome.value) : outcome.value) as T
  }
  if (usableStale === undefined) {
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
  return serveStale(core, target, usableStale, staleValue as T)
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

/** The stale entry's value, or `undefined` (reported) when it does not decode: there is then no fallback. */
function decodeStale(core: CacheCore, stale: Found, target: LoadTarget): unknown {
  try {
    return core.codec.decode(stale.entry, core.layers[stale.layerIndex]!)
  } catch (error) {
    core.reportError({
      error: LayercacheError.isInstance(error)
        ? error
        : new LayercacheError(errors.DECODE_FAILED, 'a stale value could not be read', { cause: error }),
      operation: 'decode',
      namespace: target.namespace,
      layer: core.layers[stale.layerIndex]!.name,
      key: target.key,
    })
    return undefined
  }
}

/**
 * Starts the one loader run of a key in this process. The hard timeout of the call that starts it
 * aborts the loader's signal, and an aborted load's value is not stored.
 */
function startFlight<T>(
  core: CacheCore,
  target: LoadTarget,
  loader: Loader<T>,
  options: LoadOptions,
  staleValue: T | undefined,
  read: ReadContext,
): Flight {
  const { createdAt, now: startedAt } = core.issueCreatedAt()
  const controller = new AbortController()
  const abortWithCache = () => controller.abort(core.abort.signal.reason)
  core.abort.signal.addEventListener('abort', abortWithCache, { once: true })
  let hardTimer: ReturnType<typeof setTimeout> | undefined
  if (options.hardTimeout !== undefined && options.hardTimeout !== Number.POSITIVE_INFINITY) {
    hardTimer = setTimeout(
      () =>
        controller.abort(
          new LayercacheError(
            errors.LOADER_TIMEOUT,
            `the loader of '${target.key}' did not finish within ${options.hardTimeout} ms`,
          ),
        ),
      options.hardTimeout,
    )
    hardTimer.unref?.()
  }
  const flight = { controller } as Flight & { outcome: Flight['outcome'] }
  flight.outcome = (async () => {
    const lock =
      options.distributed === undefined ? undefined : await takeLoadLock(core, target, options.distributed)
    if (lock?.acquired === false) {
      const loadedElsewhere = await waitForLoad(core, target, options.distributed!.wait)
      if (loadedElsewhere !== undefined) return { ok: true as const, value: loadedElsewhere, mutable: true }
    }
    try {
      return await runLoader(core, target, loader, options, staleValue, flight, read, {
        createdAt,
        startedAt,
      })
    } finally {
      if (lock?.acquired) await lock.release()
    }
  })()
  core.flights.set(target.fullKey, flight)
  void flight.outcome.then(() => {
    if (core.flights.get(target.fullKey) === flight) core.flights.delete(target.fullKey)
    clearTimeout(hardTimer)
    core.abort.signal.removeEventListener('abort', abortWithCache)
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
  read: ReadContext,
  { createdAt, startedAt }: { createdAt: number; startedAt: number },
): Promise<LoadOutcome> {
  const started = performance.now()
  let value: T
  try {
    value = await loader({ signal: flight.controller.signal, staleValue })
  } catch (error) {
    endRead(core, read)
    finishLoad(core, target, started, false)
    return { ok: false as const, error }
  }
  finishLoad(core, target, started, true)
  if (value === undefined || flight.controller.signal.aborted || core.closed) {
    endRead(core, read)
    return { ok: true as const, value, mutable: false }
  }
  let prepared: ReturnType<typeof core.codec.prepare>
  try {
    prepared = core.codec.prepare(value)
  } catch (error) {
    endRead(core, read)
    return { ok: false as const, error }
  }
  const expiresAt = startedAt + options.ttl
  const write = {
    fullKey: target.fullKey,
    keyPrefix: target.keyPrefix,
    key: target.key,
    times: {
      createdAt,
      expiresAt,
      staleUntil: expiresAt + options.grace,
      tags: options.tagKeys.length === 0 ? undefined : options.tagKeys,
    },
    prepared,
    version: core.nextVersion(),
  }
  const storing = storeLoaded(core, write, read, target.namespace).then(
    (stored) => {
      if (stored && core.events.has.set)
        core.events.emit('set', { key: target.key, namespace: target.namespace, source: 'loader' })
    },
    (error: unknown) => error,
  )
  const finished = storing.finally(() => endRead(core, read))
  // After a failing layer, the caller gets the value at once: a second wait on a layer that just
  // failed would double what a caller waits for Redis. The write goes on in the background.
  const failure = read.failed ? undefined : await finished
  if (read.failed) void finished
  if (failure !== undefined) return { ok: false as const, error: failure }
  const object = prepared.object
  return {
    ok: true as const,
    value: object === undefined ? value : object.value,
    mutable: object?.mutable ?? false,
  }
}

function finishLoad(core: CacheCore, target: LoadTarget, started: number, ok: boolean): void {
  const duration = performance.now() - started
  core.stats.recordLoad(duration, ok)
  if (core.events.has.load)
    core.events.emit('load', { key: target.key, namespace: target.namespace, duration, ok })
}
