import { settlesWithin, startRedisServer } from '@layercache/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { becomes, cacheNodes } from './support/redis-cache.js'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

describe('a memory + Redis cache on two servers', () => {
  it('shares values through Redis and back-fills memory', async () => {
    const group = await cacheNodes(2)
    cleanup = group.cleanup
    const [a, b] = group.nodes
    await a!.cache.set('user:1', { name: 'Ada', since: new Date(0) })
    expect(await b!.cache.get('user:1')).toEqual({ name: 'Ada', since: new Date(0) })
    expect(b!.cache.stats().layers.map((layer) => layer.hits)).toEqual([0, 1])
    // A read that overlaps the arrival of A's bus message does not back-fill (the message could be
    // about a newer write); once it has arrived, the next read from Redis fills memory.
    const memoryHits = async () => {
      await b!.cache.get('user:1')
      return b!.cache.stats().layers[0]!.hits > 0
    }
    expect(await becomes(memoryHits, true)).toBe(true)
    expect(await b!.cache.get('user:1')).toEqual({ name: 'Ada', since: new Date(0) })
  })

  it("drops other servers' memory copies after set, delete, tag invalidation and clear", async () => {
    // Each change reaches the other server through the bus, within a deadline far under the entries'
    // five-minute TTL: nothing else drops the stale copy in time. (Propagation latency is bench work.)
    const group = await cacheNodes(2)
    cleanup = group.cleanup
    const [a, b] = group.nodes
    for (let round = 0; round < 15; round++) {
      await a!.cache.set('k', `v${round}`)
      expect(await becomes(() => b!.cache.get('k'), `v${round}`), `round ${round}`).toBe(true)
    }
    await a!.cache.setWithTags('tagged', 'x', ['t'])
    expect(await b!.cache.get('tagged')).toBe('x')
    await a!.cache.invalidateByTags(['t'])
    expect(await becomes(() => b!.cache.get('tagged'), undefined)).toBe(true)
    await b!.cache.get('k')
    await a!.cache.delete('k')
    expect(await becomes(() => b!.cache.get('k'), undefined)).toBe(true)
    await a!.cache.set('c', 1)
    expect(await b!.cache.get('c')).toBe(1)
    await a!.cache.clear()
    expect(await becomes(() => b!.cache.get('c'), undefined)).toBe(true)
  })

  it('batches: getBatch reads Redis once for the keys memory lacks', async () => {
    // Commands are counted with MONITOR: on a server of this test's own, never the shared one.
    const server = await startRedisServer()
    const group = await cacheNodes(2, {}, server.url)
    cleanup = async () => {
      await group.cleanup()
      await server.stop()
    }
    const [a, b] = group.nodes
    await a!.cache.setBatch(
      Array.from({ length: 200 }, (_, index) => ({
        key: `k${index}`,
        value: index,
        tags: [`t${index % 2}`],
      })),
    )
    await a!.cache.invalidateByTags(['t1'])
    const commands: string[] = []
    const monitored = b!.client.duplicate()
    const monitor = await monitored.monitor()
    // Only this client's own round trips count: not commands run inside scripts (source 'lua'), nor
    // other clients of the shared Redis.
    const ownSource = `:${(b!.client as unknown as { stream: { localPort: number } }).stream.localPort}`
    const marker = 'end-of-getBatch'
    let sawMarker = () => {}
    const markerSeen = new Promise<void>((resolve) => {
      sawMarker = resolve
    })
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (!source.endsWith(ownSource)) return
      if (args[0]!.toUpperCase() === 'ECHO' && args[1] === marker) sawMarker()
      else commands.push(args[0]!.toUpperCase())
    })
    const values = await b!.cache.getBatch(Array.from({ length: 200 }, (_, index) => `k${index}`))
    // MONITOR reports a connection's commands in order: once the marker sent after getBatch is seen,
    // every command of getBatch has been.
    await b!.client.echo(marker)
    await settlesWithin(markerSeen, 15_000, 'MONITOR reporting the marker')
    monitor.disconnect()
    monitored.disconnect()
    expect(values).toEqual(Array.from({ length: 200 }, (_, index) => (index % 2 === 1 ? undefined : index)))
    // One MGET for the entries; the stamps of the two tags are read once, then known through the bus.
    expect(commands.filter((command) => command === 'MGET')).toHaveLength(1)
    expect(commands.filter((command) => command === 'HMGET')).toHaveLength(2)
    expect(commands.filter((command) => command === 'EVALSHA' || command === 'GET')).toHaveLength(0)
  })
})

describe('analytics across servers', () => {
  it('aggregates hit and miss counters per namespace in Redis', async () => {
    const group = await cacheNodes(2, { analytics: { flushInterval: '1h' } })
    cleanup = group.cleanup
    const [a, b] = group.nodes
    await a!.cache.set('k', 1)
    await a!.cache.get('k')
    await b!.cache.get('k')
    await b!.cache.get('nope')
    await b!.cache.namespace('users').get('nobody')
    await b!.cache.stats({ global: true })
    const totals = await a!.cache.stats({ global: true })
    expect(totals.namespaces.app).toMatchObject({ hits: 2, misses: 1 })
    expect(totals.namespaces['app:users']).toMatchObject({ hits: 0, misses: 1 })
    expect(totals).toMatchObject({ hits: 2, misses: 2, hitRate: 0.5 })
  })
})
