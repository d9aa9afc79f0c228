import { type AtomicScript, defineScript, type ScriptArgument } from '@layercache/core/store'
import { RateLimitError, rateLimitErrors } from '../errors.js'
import type { Limiter } from '../limiter.js'
import { decodeLimitReply } from '../reply.js'
import { consumeLua } from './consume-lua.js'
import { nowLua } from './current-time.js'
import { type LimitReply, type LimitReplyItem, limitScript } from './limit-script.js'

/**
 * The most limits one flat consume script holds (Lua allows 200 locals per function; a limit takes
 * up to 16). A `RateLimit` with more limits consumes through the general limit script.
 */
export const MAX_FLAT_LIMITS = 6

/** Status codes of a {@link ConsumeReply}. */
export const CONSUME_DENIED = 0
export const CONSUME_ALLOWED = 1
export const CONSUME_BLOCKED = 2

/**
 * The flat consume script's reply: `[status, now, blockedUntil, then per limit: fits, remaining,
 * reset, retry]`, all integers; `status` is {@link CONSUME_DENIED}, {@link CONSUME_ALLOWED} or
 * {@link CONSUME_BLOCKED}. One flat array: Redis and the client convert no nested replies.
 */
export type ConsumeReply = number[]

/** One way to make a `consume` decision: the script, its arguments for a cost, and its reply's reading. */
export interface ConsumeCall {
  readonly script: AtomicScript<unknown>
  arguments(cost: number): ScriptArgument[]
  decode(reply: unknown): LimitReply
}

const statusNames = ['denied', 'allowed', 'blocked'] as const

function unexpected(reply: unknown): never {
  throw new RateLimitError(
    rateLimitErrors.UNEXPECTED_REPLY,
    `the store answered the rate limit script with ${JSON.stringify(reply)?.slice(0, 200)}`,
  )
}

/** The Lua of a flat consume script for limits with these algorithm codes, in this order. */
function consumeScriptLua(codes: readonly string[]): string {
  const parts = [
    nowLua.trim(),
    'local cost = tonumber(ARGV[1])',
    "local blocked_until = tonumber(redis.call('GET', KEYS[1]) or '') or 0",
    'if blocked_until <= now then blocked_until = 0 end',
  ]
  const suffix = (i: number, lua: string) => lua.trim().replaceAll('$', `_${i + 1}`)
  codes.forEach((code, i) => {
    const offset = 1 + i * 3
    parts.push(
      suffix(
        i,
        `local key$ = KEYS[${i + 2}]
local a$ = tonumber(ARGV[${offset + 1}])
local b$ = tonumber(ARGV[${offset + 2}])
local c$ = tonumber(ARGV[${offset + 3}])`,
      ),
      suffix(i, consumeLua[code]!.read),
    )
  })
  const fits = codes.map((_, i) => `retry_${i + 1} == 0`).join(' and ')
  const allowed = codes.map((_, i) => `1, available_${i + 1} - cost, reset_${i + 1}, 0`).join(', ')
  const other = codes
    .map((_, i) => {
      const n = i + 1
      return `(retry_${n} == 0) and 1 or 0, available_${n}, reset_${n}, retry_${n}`
    })
    .join(', ')
  parts.push(
    `if blocked_until == 0 and ${fits} then`,
    ...codes.map((code, i) => suffix(i, consumeLua[code]!.commit)),
    `  return { ${CONSUME_ALLOWED}, now, 0, ${allowed} }`,
    'end',
    `local status = ${CONSUME_DENIED}`,
    `if blocked_until > 0 then status = ${CONSUME_BLOCKED} end`,
    `return { status, now, blocked_until, ${other} }`,
  )
  return parts.join('\n')
}

const scripts = new Map<string, AtomicScript<ConsumeReply>>()

/**
 * The flat consume script for limits with these algorithm codes (one per combination, shared by every
 * `RateLimit`): `limitScript`'s `consume`, with only the Lua those algorithms use.
 *
 * - KEYS: `[blockKey, limitKey1, ..., limitKeyN]`.
 * - ARGV: `[cost, then per limit: a, b, c]`.
 * - Reply: {@link ConsumeReply}. Spends `cost` on every limit only if every limit fits and the
 *   identifier is not blocked — otherwise nothing is written at all.
 */
export function consumeScript(codes: readonly string[]): AtomicScript<ConsumeReply> {
  const name = `ratelimit-consume-${codes.join('-')}`
  let script = scripts.get(name)
  if (script === undefined) {
    const prefix: ScriptArgument[] = ['consume', 0, codes.length]
    script = defineScript<ConsumeReply>({
      name,
      lua: consumeScriptLua(codes),
      // The memory side runs the general script and flattens its reply.
      local: (context, keys, args) => {
        const general: ScriptArgument[] = [...prefix]
        general[1] = args[0]!
        codes.forEach((code, i) => {
          general.push(code, args[1 + i * 3]!, args[2 + i * 3]!, args[3 + i * 3]!)
        })
        const [status, now, blockedUntil, items] = limitScript.local(context, keys, general)
        const reply: number[] = [statusNames.indexOf(status as 'denied'), now, blockedUntil]
        for (const item of items) reply.push(...item)
        return reply
      },
    })
    scripts.set(name, script)
  }
  return script
}

/** Reads a flat consume reply as the general script's {@link LimitReply}, checking every field. */
export function decodeConsumeReply(reply: unknown, count: number): LimitReply {
  if (!Array.isArray(reply) || reply.length !== 3 + count * 4) unexpected(reply)
  for (const value of reply) if (!Number.isInteger(value)) unexpected(reply)
  const status = statusNames[reply[0] as number]
  if (status === undefined) unexpected(reply)
  const items: LimitReplyItem[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const at = 3 + i * 4
    items[i] = [reply[at], reply[at + 1], reply[at + 2], reply[at + 3]]
  }
  return [status, reply[1], reply[2], items]
}

/** How a `RateLimit` over `limiters` makes its `consume` decisions. */
export function consumeCall(limiters: readonly Limiter[]): ConsumeCall {
  const count = limiters.length
  const parameters = limiters.flatMap((limiter) => limiter.parameters)
  if (count <= MAX_FLAT_LIMITS && limiters.every((limiter) => limiter.code in consumeLua)) {
    const script = consumeScript(limiters.map((limiter) => limiter.code))
    return {
      script,
      arguments: (cost) => [cost, ...parameters],
      decode: (reply) => decodeConsumeReply(reply, count),
    }
  }
  const general = limiters.flatMap((limiter) => [limiter.code, ...limiter.parameters])
  return {
    script: limitScript,
    arguments: (cost) => ['consume', cost, count, ...general],
    decode: (reply) => decodeLimitReply(reply, count),
  }
}
