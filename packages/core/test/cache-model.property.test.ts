import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore, type MemoryStore } from '../src/index.js'

interface ModelEntry {
  value: number
  createdAt: number
  expiresAt: number
  tags: string[]
}

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e')
const tagArb = fc.constantFrom('t1', 't2', 't3')
const command = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    key: keyArb,
    value: fc.integer(),
    ttl: fc.integer({ min: 1, max: 20 }),
    tags: fc.uniqueArray(tagArb, { maxLength: 2 }),
  }),
  fc.record({ op: fc.constant('get' as const), key: keyArb }),
  fc.record({ op: fc.constant('getBatch' as const), keys: fc.array(keyArb, { maxLength: 4 }) }),
  fc.record({ op: fc.constant('delete' as const), key: keyArb }),
  fc.record({ op: fc.constant('invalidate' as const), tag: tagArb }),
  fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ op: fc.constant('clear' as const) }),
)

describe('the cache behaves like a simple map with TTLs and tags', () => {
  it.each([
    ['memory', () => [createMemoryStore()]],
    ['memory + serialized L2', () => [createMemoryStore(), createMemoryStore({ serialize: true })]],
  ])('on %s', async (_name, layers) => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 60 }), async (commands) => {
        const clock = createManualClock(1_000)
        const cache = createCache({ namespace: 'model', clock, layers: layers() })
        const model = new Map<string, ModelEntry>()
        const stamps = new Map<string, number>()
        const read = (key: string) => {
          const entry = model.get(key)
          if (entry === undefined || entry.expiresAt <= clock.now()) return undefined
          if (entry.tags.some((tag) => (stamps.get(tag) ?? Number.NEGATIVE_INFINITY) >= entry.createdAt))
            return undefined
          return entry.value
        }
        let sequence = 0
        for (const step of commands) {
          switch (step.op) {
            case 'set':
              await cache.set(step.key, step.value, { ttl: step.ttl, tags: step.tags })
              // Creation order is what matters for tags; a sequence stands in for sub-millisecond time.
              model.set(step.key, {
                value: step.value,
                createdAt: clock.now() + ++sequence * 1e-6,
                expiresAt: clock.now() + step.ttl * 1000,
                tags: step.tags,
              })
              break
            case 'get':
              expect(await cache.get(step.key)).toBe(read(step.key))
              break
            case 'getBatch':
              expect(await cache.getBatch(step.keys)).toEqual(step.keys.map(read))
              break
            case 'delete':
              {
                const deleted = await cache.delete(step.key)
                // Live entries must report true, absent ones false; expired ones may still be held physically.
                if (read(step.key) !== undefined) expect(deleted).toBe(true)
                if (!model.has(step.key)) expect(deleted).toBe(false)
              }
              model.delete(step.key)
              break
            case 'invalidate':
              await cache.invalidateByTags([step.tag])
              stamps.set(step.tag, clock.now() + ++sequence * 1e-6)
              break
            case 'advance':
              clock.advance(step.seconds * 1000)
              break
            case 'clear':
              await cache.clear()
              model.clear()
              break
          }
        }
        for (const key of ['a', 'b', 'c', 'd', 'e']) expect(await cache.get(key)).toBe(read(key))
        await cache.close()
      }),
      { numRuns: 150 },
    )
  })
})

describe('the memory store keeps its bookkeeping under eviction', () => {
  it('holds exactly the keys written minus those deleted and those it reported evicted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.constantFrom('set', 'get', 'delete'), fc.integer({ min: 0, max: 20 })), {
          maxLength: 300,
        }),
        (capacity, operations) => {
          const store: MemoryStore = createMemoryStore({ maxEntries: capacity, sweepInterval: 0 })
          const live = new Set<string>()
          store.subscribe((event) => live.delete(event.key))
          const entry = (value: number) => ({
            value,
            createdAt: 0,
            expiresAt: Number.POSITIVE_INFINITY,
            staleUntil: Number.POSITIVE_INFINITY,
            size: 1,
          })
          for (const [operation, id] of operations) {
            const key = `k${id}`
            if (operation === 'set') {
              store.set(key, entry(id))
              live.add(key)
            } else if (operation === 'delete') {
              expect(store.delete(key)).toBe(live.delete(key))
            } else {
              expect(store.get(key)?.value).toBe(live.has(key) ? id : undefined)
            }
            expect(store.size).toBe(live.size)
            expect(store.size).toBeLessThanOrEqual(capacity)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
