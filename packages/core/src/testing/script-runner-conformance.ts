import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { defineScript } from '../store/define-script.js'
import { formatScriptNumber, LUA_FORMAT_NUMBER } from '../store/script-numbers.js'
import type { ScriptRunner } from '../store/script-runner.js'
import type { ConformanceOptions } from './cache-layer-conformance.js'
import { counterScript, deleteScript, setIfAbsentScript, shapesScript } from './conformance-scripts.js'

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** Divides ARGV[1] by ARGV[2] and replies the quotient as a string, the same on both sides. */
const quotientScript = defineScript({
  name: 'conformance-quotient',
  lua: `${LUA_FORMAT_NUMBER}
return format_number(tonumber(ARGV[1]) / tonumber(ARGV[2]))`,
  local: (_context, _keys, args) => formatScriptNumber(Number(args[0]) / Number(args[1])),
})

/** Numerators and denominators whose quotients need every digit, an exponent, or a sign. */
const quotients: readonly (readonly [number, number])[] = [
  [1, 3],
  [2, 3],
  [10, 4],
  [-1, 10],
  [1, 7e5],
  [22, 7],
  [1e20, 3],
  [1, 1e5],
  [123456789.125, 1],
  [0.1, 3],
  [5e-324, 1],
  [1.7976931348623157e308, 1],
  [1, 0],
  [-1, 0],
  [7, 1],
]

/**
 * The {@link ScriptRunner} contract as a Vitest suite: atomic scripts give the same replies on every
 * runner (the JavaScript side in memory, Lua on Redis), keep state and expiry, are atomic, and print
 * fractions identically ({@link formatScriptNumber}).
 *
 * @example
 * ```ts
 * import { scriptRunnerConformanceSuite } from '@layercache/core/testing'
 * scriptRunnerConformanceSuite('memory', () => createMemoryStore())
 * ```
 */
export function scriptRunnerConformanceSuite(
  name: string,
  createRunner: () => ScriptRunner | Promise<ScriptRunner>,
  options: ConformanceOptions<ScriptRunner> = {},
): void {
  describe(`ScriptRunner contract v1: ${name}`, () => {
    let store: ScriptRunner
    let prefix: string
    const runners: ScriptRunner[] = []
    let counter = 0
    const key = (suffix: string) => `${prefix}${suffix}`

    beforeEach(async () => {
      prefix = `confs${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}:`
      store = await createRunner()
      expect(store.scriptContract).toBe(1)
      runners.push(store)
    })

    afterAll(async () => {
      for (const created of runners) {
        await options.cleanup?.(created)
        await created.close?.()
      }
    })

    it('runs a script and returns the same reply shapes on every backend', async () => {
      expect(await store.run(shapesScript, [key('s')], ['arg', 10])).toEqual([0, 'arg', [7, 'x'], '2.5'])
    })

    it('keeps script state and its expiry between calls', async () => {
      const [first, ttl] = (await store.run(counterScript, [key('c')], [2, 5_000])) as [number, number]
      expect(first).toBe(2)
      expect(ttl).toBeGreaterThan(4_000)
      expect(ttl).toBeLessThanOrEqual(5_000)
      const [second] = (await store.run(counterScript, [key('c')], [3, 0])) as [number, number]
      expect(second).toBe(5)
      expect(await store.run(deleteScript, [key('c')], [])).toBe(1)
      expect(await store.run(deleteScript, [key('c')], [])).toBe(0)
    })

    it('expires script keys by their TTL', async () => {
      const before = Date.now()
      expect(await store.run(setIfAbsentScript, [key('nx')], ['owner', 100])).toBe(1)
      const second = await store.run(setIfAbsentScript, [key('nx')], ['other', 100])
      // A second call answered after the TTL proves nothing (a very busy machine).
      if (Date.now() - before < 100) expect(second).toBe(0)
      await sleep(250)
      expect(await store.run(setIfAbsentScript, [key('nx')], ['other', 100])).toBe(1)
    })

    it('is atomic under concurrent calls', async () => {
      const replies = await Promise.all(
        Array.from({ length: 50 }, () => store.run(setIfAbsentScript, [key('race')], ['x', 10_000])),
      )
      expect(replies.filter((reply) => reply === 1)).toHaveLength(1)
    })

    it('replies fractions as the same string from Lua and JavaScript (%.17g), which parses back exactly', async () => {
      for (const [numerator, denominator] of quotients) {
        const reply = await store.run(quotientScript, [key('q')], [String(numerator), String(denominator)])
        const expected = formatScriptNumber(numerator / denominator)
        expect(reply, `${numerator} / ${denominator}`).toBe(expected)
        if (Number.isFinite(numerator / denominator)) expect(Number(reply)).toBe(numerator / denominator)
      }
    })
  })
}
