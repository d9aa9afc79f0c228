import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore, type Logger } from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) }
}

describe('layer health warnings', () => {
  it('warn once when a layer starts failing and once when it recovers, not once per call', async () => {
    const clock = createManualClock(0)
    const logger = recordingLogger()
    const remote = new FaultyStore({ shared: true })
    const cache = createCache({ namespace: 'health', clock, logger, layers: [createMemoryStore(), remote] })
    const errors: unknown[] = []
    cache.on('error', (event) => errors.push(event.error))
    await cache.set('k', 1)
    expect(logger.warnings).toEqual([])
    remote.mode = 'fail'
    for (let call = 0; call < 20; call++) await cache.get(`miss-${call}`)
    expect(errors).toHaveLength(20)
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toMatch(/layer 'remote' is failing/)
    clock.advance(60_000)
    remote.mode = 'ok'
    await cache.get('after')
    await cache.get('after')
    expect(logger.warnings).toHaveLength(2)
    expect(logger.warnings[1]).toMatch(/layer 'remote' recovered after 20 failed calls/)
  })

  it('a flapping layer warns at most once per 30 s', async () => {
    const clock = createManualClock(0)
    const logger = recordingLogger()
    const remote = new FaultyStore({ shared: true })
    const cache = createCache({ namespace: 'flap', clock, logger, layers: [createMemoryStore(), remote] })
    for (let flip = 0; flip < 10; flip++) {
      remote.mode = flip % 2 === 0 ? 'fail' : 'ok'
      await cache.get('k')
      clock.advance(1_000)
    }
    expect(logger.warnings).toHaveLength(1)
    clock.advance(30_000)
    remote.mode = 'fail'
    await cache.get('k')
    expect(logger.warnings.length).toBeLessThanOrEqual(2)
  })

  it('logger: false keeps quiet; the default warns on the console', async () => {
    const remote = new FaultyStore({ shared: true })
    remote.mode = 'fail'
    const quiet = createCache({ namespace: 'quiet', logger: false, layers: [createMemoryStore(), remote] })
    const originalWarn = console.warn
    const seen: unknown[] = []
    console.warn = (...args: unknown[]) => seen.push(args)
    try {
      await quiet.get('k')
      expect(seen).toEqual([])
      const loud = createCache({ namespace: 'loud', layers: [createMemoryStore(), remote] })
      await loud.get('k')
      expect(seen).toHaveLength(1)
    } finally {
      console.warn = originalWarn
    }
  })
})
