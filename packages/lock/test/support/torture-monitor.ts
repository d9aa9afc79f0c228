import type { Store } from '@layercache/core'
import { defineScript, type LocalScriptContext } from '@layercache/core/store'

// The torture test's referee, as atomic scripts so it runs on any store: on the memory store for
// workers in one process, on Redis for workers in separate processes. It plays the protected
// resource (it refuses writes with a fence below the largest it has accepted) and watches who is
// inside a critical section, so it can count overlaps and stale writes.
//
// A section "enters" with its first write (which registers its fence); it is "stale" once another
// section has entered after it. Counters:
// - overlaps: a section entered while another was still inside (mutual exclusion broken);
// - writes: accepted writes by the latest section (correct);
// - staleAccepted: accepted writes by a superseded section (what fencing must prevent);
// - staleRefused: writes the fence check refused from a superseded or late section (fencing working);
// - wrongRefused: refused writes by the latest section (fences out of order).

type State = Record<string, string>

function stateOf(context: LocalScriptContext, key: string): State {
  let state = context.get<State>(key)
  if (state === undefined) context.set(key, (state = {}))
  return state
}

function increment(state: State, field: string): void {
  state[field] = String(Number(state[field] ?? '0') + 1)
}

/** KEYS `[state, inside]`, ARGV `[sectionId, fence]`; replies 1 entered, 0 refused (stale fence). */
export const enterScript = defineScript<number>({
  name: 'torture-enter',
  lua: `
local maxFence = tonumber(redis.call('HGET', KEYS[1], 'maxFence') or '-1')
if tonumber(ARGV[2]) < maxFence then
  redis.call('HINCRBY', KEYS[1], 'staleRefused', 1)
  return 0
end
if redis.call('SCARD', KEYS[2]) > 0 then redis.call('HINCRBY', KEYS[1], 'overlaps', 1) end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'maxFence', ARGV[2], 'latest', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'entered', 1)
return 1
`,
  local: (context, keys, args) => {
    const state = stateOf(context, keys[0]!)
    if (Number(args[1]) < Number(state.maxFence ?? '-1')) {
      increment(state, 'staleRefused')
      return 0
    }
    let inside = context.get<Set<string>>(keys[1]!)
    if (inside === undefined) context.set(keys[1]!, (inside = new Set()))
    if (inside.size > 0) increment(state, 'overlaps')
    inside.add(String(args[0]))
    state.maxFence = String(args[1])
    state.latest = String(args[0])
    increment(state, 'entered')
    return 1
  },
})

/** KEYS `[state]`, ARGV `[sectionId, fence]`; replies 1 accepted, 0 refused. */
export const writeScript = defineScript<number>({
  name: 'torture-write',
  lua: `
local maxFence = tonumber(redis.call('HGET', KEYS[1], 'maxFence') or '-1')
local stale = redis.call('HGET', KEYS[1], 'latest') ~= ARGV[1]
if tonumber(ARGV[2]) >= maxFence then
  redis.call('HSET', KEYS[1], 'maxFence', ARGV[2])
  redis.call('HINCRBY', KEYS[1], stale and 'staleAccepted' or 'writes', 1)
  return 1
end
redis.call('HINCRBY', KEYS[1], stale and 'staleRefused' or 'wrongRefused', 1)
return 0
`,
  local: (context, keys, args) => {
    const state = stateOf(context, keys[0]!)
    const stale = state.latest !== String(args[0])
    if (Number(args[1]) >= Number(state.maxFence ?? '-1')) {
      state.maxFence = String(args[1])
      increment(state, stale ? 'staleAccepted' : 'writes')
      return 1
    }
    increment(state, stale ? 'staleRefused' : 'wrongRefused')
    return 0
  },
})

/** KEYS `[inside]`, ARGV `[sectionId]`; replies 1. */
export const exitScript = defineScript<number>({
  name: 'torture-exit',
  lua: `
redis.call('SREM', KEYS[1], ARGV[1])
return 1
`,
  local: (context, keys, args) => {
    context.get<Set<string>>(keys[0]!)?.delete(String(args[0]))
    return 1
  },
})

const reportFields = [
  'entered',
  'overlaps',
  'writes',
  'staleAccepted',
  'staleRefused',
  'wrongRefused',
] as const

/** KEYS `[state]`; replies the counters in `reportFields` order, as strings (HMGET). */
export const reportScript = defineScript<(string | null)[]>({
  name: 'torture-report',
  lua: `return redis.call('HMGET', KEYS[1], ${reportFields.map((field) => `'${field}'`).join(', ')})`,
  local: (context, keys) => {
    const state = context.get<State>(keys[0]!) ?? {}
    return reportFields.map((field) => state[field] ?? null)
  },
})

export const tortureScripts = [enterScript, writeScript, exitScript, reportScript]

/** The referee's verdict. */
export type TortureReport = Record<(typeof reportFields)[number], number>

/** The referee's keys for run `runId` (one hash tag, so it runs on a cluster too). */
export function monitorKeys(runId: string, prefix = ''): { state: string; inside: string } {
  return { state: `${prefix}torture:{${runId}}:state`, inside: `${prefix}torture:{${runId}}:inside` }
}

export async function readTortureReport(monitor: Store, runId: string, prefix = ''): Promise<TortureReport> {
  const values = await monitor.run(reportScript, [monitorKeys(runId, prefix).state], [])
  return Object.fromEntries(
    reportFields.map((field, index) => [field, Number(values[index] ?? 0)]),
  ) as TortureReport
}
