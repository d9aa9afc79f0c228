import type { Cache } from '@layercache/core'
import fc from 'fast-check'
import type { ReplyDelays } from './model-servers.js'
import type { KeyEffect, RecordedCall } from './register-history.js'

// The programs the model-based test runs: random operations on a few keys and tags, each on one of
// two servers, in groups run concurrently, with the delays of their Redis replies.

export const KEYS = ['k0', 'k1', 'k2', 'k3']
export const TAGS = ['t0', 't1']
export const NAMESPACE = 'model'

type Operation =
  | { kind: 'get' | 'has' | 'delete'; key: string }
  | { kind: 'set' | 'getOrSet'; key: string; tags: string[] }
  | { kind: 'getBatch' | 'expire'; keys: string[] }
  | { kind: 'invalidateByTags'; tags: string[] }
  | { kind: 'clear' }
export type Step = Operation & { server: 0 | 1; startDelay: number; delays: ReplyDelays }

const key = fc.constantFrom(...KEYS)
const tags = fc.subarray(TAGS)
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('get' as const, 'has' as const), key }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key, tags }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('getOrSet' as const), key, tags }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('getBatch' as const),
      keys: fc.subarray(KEYS, { minLength: 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const),
      keys: fc.subarray(KEYS, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalidateByTags' as const),
      tags: fc.subarray(TAGS, { minLength: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
)
const delay = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 20 }) },
)
const step: fc.Arbitrary<Step> = fc
  .tuple(
    operation,
    fc.constantFrom(0 as const, 1 as const),
    fc.integer({ min: 0, max: 5 }),
    delay,
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) },
    ),
  )
  .map(([op, server, startDelay, read, write]) => ({ ...op, server, startDelay, delays: { read, write } }))
/** Groups of 1–4 operations in flight at once, one group after the other: about 20–30 in all. */
export const program = fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), {
  minLength: 7,
  maxLength: 11,
})

/** What one call did, for the history. */
export type Outcome = Pick<RecordedCall, 'description' | 'effects'>
export type Loads = Map<string, { server: number; key: string; tags: readonly string[] }>

/** Runs `step` on `server`'s cache; `id` names the values it writes (`s<id>`) or loads (`l<id>`). */
export async function execute(cache: Cache, step: Step, id: number, loads: Loads): Promise<Outcome> {
  switch (step.kind) {
    case 'get': {
      const result = await cache.get<string>(step.key)
      return {
        description: `get(${step.key})`,
        effects: [{ key: step.key, effect: { type: 'read', result } }],
      }
    }
    case 'has': {
      const result = await cache.has(step.key)
      return {
        description: `has(${step.key})`,
        effects: [{ key: step.key, effect: { type: 'has', result } }],
      }
    }
    case 'set': {
      const value = `s${id}`
      await cache.set(step.key, value, { tags: step.tags })
      const effect: KeyEffect = { type: 'write', value, tags: step.tags }
      return {
        description: `set(${step.key}, ${value}, [${step.tags}])`,
        effects: [{ key: step.key, effect }],
      }
    }
    case 'delete':
      await cache.delete(step.key)
      return { description: `delete(${step.key})`, effects: [{ key: step.key, effect: { type: 'erase' } }] }
    case 'getOrSet': {
      const loaded = `l${id}`
      const result = await cache.getOrSet(
        step.key,
        () => {
          loads.set(loaded, { server: step.server, key: step.key, tags: step.tags })
          return loaded
        },
        { tags: step.tags },
      )
      // The values this call may have been handed: its own load's, or one its server ran meanwhile.
      const candidates = new Map(
        [...loads]
          .filter(([, load]) => load.server === step.server && load.key === step.key)
          .map(([value, load]) => [value, load.tags]),
      )
      const effect: KeyEffect = { type: 'getOrSet', result, loads: candidates }
      return {
        description: `getOrSet(${step.key}, ${loaded}, [${step.tags}])`,
        effects: [{ key: step.key, effect }],
      }
    }
    case 'getBatch': {
      const results = await cache.getBatch<string>(step.keys)
      return {
        description: `getBatch(${step.keys})`,
        effects: step.keys.map((key, index) => ({ key, effect: { type: 'read', result: results[index] } })),
      }
    }
    case 'expire':
      await cache.expire(step.keys)
      return {
        description: `expire(${step.keys})`,
        effects: step.keys.map((key) => ({ key, effect: { type: 'erase' } })),
      }
    case 'invalidateByTags':
      await cache.invalidateByTags(step.tags)
      return {
        description: `invalidateByTags(${step.tags})`,
        effects: KEYS.map((key) => ({ key, effect: { type: 'invalidate', tags: step.tags } })),
      }
    case 'clear':
      await cache.clear()
      return { description: 'clear()', effects: KEYS.map((key) => ({ key, effect: { type: 'erase' } })) }
  }
}
