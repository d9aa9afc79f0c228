import { refuteLinearizability } from './linearizability.js'

// The sequential model the property test holds two caches to: one register per key, holding a
// value and its tags, or nothing. A history is checked key by key; an operation on several keys
// (getBatch, clear, invalidateByTags) takes effect on each key at its own point within its interval,
// which is all the cache promises: none of them is atomic across keys.

/** What a key holds in the model. */
export type Register = { readonly value: string; readonly tags: readonly string[] } | undefined

/** What an operation did to one key, as the model sees it. */
export type KeyEffect =
  | { readonly type: 'read'; readonly result: string | undefined }
  | { readonly type: 'has'; readonly result: boolean }
  | { readonly type: 'write'; readonly value: string; readonly tags: readonly string[] }
  | { readonly type: 'erase' }
  | { readonly type: 'invalidate'; readonly tags: readonly string[] }
  /**
   * Reads; on an empty key returns a loaded value and may store it or not (a refused conditional
   * write is allowed). `loads` are the values it may have been handed, with their tags: its own
   * loader's, or those of the loads on its server it may have joined.
   */
  | {
      readonly type: 'getOrSet'
      readonly result: unknown
      readonly loads: ReadonlyMap<string, readonly string[]>
    }

/** One call made on one server, with its logical invocation and response times. */
export interface RecordedCall {
  readonly id: number
  readonly server: number
  readonly description: string
  readonly invokedAt: number
  readonly respondedAt: number
  /** How many bus messages its server had published when it returned. */
  readonly published: number
  readonly effects: readonly { readonly key: string; readonly effect: KeyEffect }[]
}

/** What one server heard on the bus: logical times of each message from the other server, and of signals. */
export interface BusHearing {
  readonly deliveries: number[]
  readonly signals: number[]
}

/** The states `effect` may leave a key in, from `state`; none when its result is impossible there. */
export function applyEffect(effect: KeyEffect, state: Register): Register[] {
  switch (effect.type) {
    case 'read':
      return state?.value === effect.result ? [state] : []
    case 'has':
      return (state !== undefined) === effect.result ? [state] : []
    case 'write':
      return [{ value: effect.value, tags: effect.tags }]
    case 'erase':
      return [undefined]
    case 'invalidate':
      return state?.tags.some((tag) => effect.tags.includes(tag)) ? [undefined] : [state]
    case 'getOrSet': {
      if (state !== undefined) return state.value === effect.result ? [state] : []
      const tags = typeof effect.result === 'string' ? effect.loads.get(effect.result) : undefined
      return tags === undefined ? [] : [undefined, { value: effect.result as string, tags }]
    }
  }
}

/**
 * When `call`'s effects must be visible to operations on `server`: at its response on its own
 * server; on the other one, once that server heard every message `call`'s server had published by
 * then (or a bus signal, after which it reads Redis or empties its memory). Memory layers of other
 * servers may answer the old value until then: the cache promises convergence within the bus's
 * latency, not a synchronous bus. A call may also have seen a write of its server still under way
 * (a read that found Redis already changed): it counts as seen only once that write's message was
 * heard too. Written for two servers: all one hears comes from the other.
 */
export function visibleTo(
  call: RecordedCall,
  server: number,
  calls: readonly RecordedCall[],
  hearings: readonly BusHearing[],
): number {
  if (call.server === server) return call.respondedAt
  // The last call of its server to return among those it overlapped or followed.
  let latest = call
  for (const other of calls)
    if (
      other.server === call.server &&
      other.invokedAt < call.respondedAt &&
      other.respondedAt > latest.respondedAt
    )
      latest = other
  if (latest.published === 0) return call.respondedAt
  const hearing = hearings[server]!
  const delivered = hearing.deliveries[latest.published - 1] ?? Number.POSITIVE_INFINITY
  const signalled = hearing.signals.find((at) => at > latest.respondedAt) ?? Number.POSITIVE_INFINITY
  return Math.max(call.respondedAt, Math.min(delivered, signalled))
}

/** An effect as a short phrase, for a refuted history. */
function describeEffect(effect: KeyEffect): string {
  switch (effect.type) {
    case 'read':
    case 'has':
      return `= ${effect.result === undefined ? '(nothing)' : effect.result}`
    case 'write':
      return `writes ${effect.value} [${effect.tags}]`
    case 'erase':
      return 'erases'
    case 'invalidate':
      return `invalidates [${effect.tags}]`
    case 'getOrSet': {
      const loads = [...effect.loads].map(([value, tags]) => `${value} [${tags}]`).join(', ')
      return `= ${String(effect.result)} (loads of its server: ${loads || 'none'})`
    }
  }
}

/** Checks each key of `calls` against the model; returns a description of the first violation. */
export function findViolation(
  calls: readonly RecordedCall[],
  hearings: readonly BusHearing[],
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const parts = calls.flatMap((call) =>
      call.effects.filter((part) => part.key === key).map((part) => ({ call, effect: part.effect })),
    )
    const refutation = refuteLinearizability(
      parts.map((part) => ({ apply: (state: Register) => applyEffect(part.effect, state) })),
      (before, after) =>
        visibleTo(parts[before]!.call, parts[after]!.call.server, calls, hearings) <
        parts[after]!.call.invokedAt,
      undefined as Register,
      (state) => (state === undefined ? '-' : `${state.value}/${state.tags.join(',')}`),
    )
    if (refutation === undefined) continue
    const placed = refutation.longestPrefix.map((index) => `#${parts[index]!.call.id}`).join(' ')
    const lines = parts.map(({ call, effect }) => {
      const other = 1 - call.server
      const seen = `seen by ${'AB'[other]} at ${visibleTo(call, other, calls, hearings)}`
      return `  #${call.id} ${'AB'[call.server]} [${call.invokedAt}, ${call.respondedAt}; ${seen}] ${call.description} ${describeEffect(effect)}`
    })
    return [
      `key ${key}: no order of these calls explains what they returned (longest explained prefix: ${placed || 'none'})`,
      '  (#call server [invoked, returned; when the other server heard of it], logical times)',
      ...lines,
    ].join('\n')
  }
  return undefined
}
