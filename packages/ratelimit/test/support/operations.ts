import type { AtomicScript, ScriptArgument } from '@layercache/core/store'
import fc from 'fast-check'
import type { Keyspace } from '../../src/keys.js'
import type { Limiter } from '../../src/limiter.js'
import { blockScript } from '../../src/scripts/block-script.js'
import { consumeCall } from '../../src/scripts/consume-script.js'
import { type LimitMode, type LimitReply, limitScript } from '../../src/scripts/limit-script.js'
import { resetScript } from '../../src/scripts/reset-script.js'

/** One thing a parity run does to an identifier, or to time. */
export type Operation =
  | { readonly kind: LimitMode; readonly identifier: string; readonly cost: number }
  | { readonly kind: 'block'; readonly identifier: string; readonly duration: number }
  | { readonly kind: 'reset'; readonly identifier: string }
  | { readonly kind: 'advance'; readonly milliseconds: number }

const identifier = fc.constantFrom('alice', 'b{o}b')

/** Random operations; `advance` only when `withTime`, and blocks of `blockMs` range. */
export function operationArbitrary(withTime: boolean, blockMs: [number, number]): fc.Arbitrary<Operation> {
  const cost = fc.oneof(
    { weight: 4, arbitrary: fc.constant(1) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 7 }) },
  )
  const choices: fc.WeightedArbitrary<Operation>[] = [
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('consume' as const), identifier, cost }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('peek' as const), identifier, cost }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), identifier, cost }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('block' as const),
        identifier,
        duration: fc.integer({ min: blockMs[0], max: blockMs[1] }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), identifier }) },
  ]
  if (withTime) {
    const milliseconds = fc.oneof(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 3000 }),
      fc.constantFrom(1, 333, 500, 1000, 1500, 2000),
    )
    choices.push({ weight: 6, arbitrary: fc.record({ kind: fc.constant('advance' as const), milliseconds }) })
  }
  return fc.oneof(...choices)
}

/** The script call an operation makes (not for `advance`). */
export function scriptCall(
  operation: Exclude<Operation, { kind: 'advance' }>,
  keyspace: Keyspace,
  limiters: readonly Limiter[],
): {
  script: AtomicScript<unknown>
  keys: string[]
  args: ScriptArgument[]
  /** For limit calls: the reply read as the general script's. */
  decode?: (reply: unknown) => LimitReply
} {
  const keys = keyspace.keys(operation.identifier)
  switch (operation.kind) {
    case 'block':
      return {
        script: blockScript,
        keys: [keyspace.blockKey(operation.identifier)],
        args: [operation.duration],
      }
    case 'reset':
      return { script: resetScript, keys, args: [] }
    case 'consume': {
      // What `limit` sends: the flat consume script of these limits.
      const consume = consumeCall(limiters)
      return { script: consume.script, keys, args: consume.arguments(operation.cost), decode: consume.decode }
    }
    default: {
      const parameters = limiters.flatMap((limiter) => [limiter.code, ...limiter.parameters])
      return {
        script: limitScript,
        keys,
        args: [operation.kind, operation.cost, limiters.length, ...parameters],
        decode: (reply) => reply as LimitReply,
      }
    }
  }
}
