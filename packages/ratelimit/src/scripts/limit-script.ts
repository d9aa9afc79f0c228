import { defineScript } from '@layercache/core/store'
import type { AlgorithmImplementation, Evaluation } from '../algorithms/algorithm.js'
import { fixedWindowAlgorithm } from '../algorithms/fixed-window.js'
import { gcraAlgorithm } from '../algorithms/gcra.js'
import { slidingLogAlgorithm } from '../algorithms/sliding-log.js'
import { slidingWindowAlgorithm } from '../algorithms/sliding-window.js'
import { tokenBucketAlgorithm } from '../algorithms/token-bucket.js'
import { currentTime, currentTimeLua } from './current-time.js'

/** What the limit script does: spend tokens, look without spending, or give tokens back. */
export type LimitMode = 'consume' | 'peek' | 'refund'

/** `[fits (1/0), remaining, reset, retry]` of one limit; `retry` is `-1` when it can never fit. */
export type LimitReplyItem = [fits: number, remaining: number, reset: number, retry: number]

/** The limit script's reply: `[status, now, blockedUntil (0 when not blocked), items]`. */
export type LimitReply = [
  status: 'allowed' | 'denied' | 'blocked' | 'refunded',
  now: number,
  blockedUntil: number,
  items: LimitReplyItem[],
]

/** How many ARGV slots each limit takes: its algorithm code and three parameters. */
export const ARGUMENTS_PER_LIMIT = 4

const algorithms: readonly AlgorithmImplementation[] = [
  fixedWindowAlgorithm,
  slidingWindowAlgorithm,
  slidingLogAlgorithm,
  tokenBucketAlgorithm,
  gcraAlgorithm,
]
const byCode = new Map(algorithms.map((algorithm) => [algorithm.code, algorithm]))

const dispatcherLua = `
local mode = ARGV[1]
local cost = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local now = current_time()
local blocked_until = tonumber(redis.call('GET', KEYS[1]) or '') or 0
if blocked_until <= now then blocked_until = 0 end
local evaluations = {}
local fits = true
for i = 1, count do
  local offset = 3 + (i - 1) * ${ARGUMENTS_PER_LIMIT}
  local algorithm = algorithms[ARGV[offset + 1]]
  if algorithm == nil then return redis.error_reply('unknown rate limit algorithm ' .. ARGV[offset + 1]) end
  local evaluation = algorithm(KEYS[i + 1], now, cost, tonumber(ARGV[offset + 2]), tonumber(ARGV[offset + 3]), tonumber(ARGV[offset + 4]))
  evaluations[i] = evaluation
  if evaluation.retry ~= 0 then fits = false end
end
local items = {}
if mode == 'refund' then
  for i = 1, count do
    local after = evaluations[i].refund()
    items[i] = { 1, after[1], after[2], 0 }
  end
  return { 'refunded', now, blocked_until, items }
end
local status = 'denied'
if blocked_until > 0 then status = 'blocked' elseif fits then status = 'allowed' end
for i = 1, count do
  local evaluation = evaluations[i]
  if status == 'allowed' and mode == 'consume' then
    items[i] = { 1, evaluation.available - cost, evaluation.commit(), 0 }
  else
    local fit = 0
    if evaluation.retry == 0 then fit = 1 end
    items[i] = { fit, evaluation.available, evaluation.reset, evaluation.retry }
  end
end
return { status, now, blocked_until, items }
`

/**
 * The rate limiter's decision, for one identifier and all its limits, in one atomic call.
 *
 * - KEYS: `[blockKey, limitKey1, ..., limitKeyN]`, all under the identifier's hash tag.
 * - ARGV: `[mode, cost, N, then per limit: code, a, b, c]`.
 * - Reply: {@link LimitReply}. `consume` spends `cost` on every limit only if every limit fits and
 *   the identifier is not blocked — otherwise nothing is written at all. `peek` never writes.
 *   `refund` gives `cost` back to every limit.
 */
export const limitScript = defineScript<LimitReply>({
  name: 'ratelimit-limit',
  lua: [
    currentTimeLua,
    'local algorithms = {}',
    ...algorithms.map((algorithm) => algorithm.lua),
    dispatcherLua,
  ]
    .map((part) => part.trim())
    .join('\n'),
  local: (context, keys, args) => {
    const mode = String(args[0]) as LimitMode
    const cost = Number(args[1])
    const count = Number(args[2])
    const now = currentTime(context)
    const block = context.get<number>(keys[0]!)
    const blockedUntil = block !== undefined && block > now ? block : 0
    const evaluations: Evaluation[] = []
    for (let i = 0; i < count; i++) {
      const offset = 3 + i * ARGUMENTS_PER_LIMIT
      const algorithm = byCode.get(String(args[offset]))
      if (algorithm === undefined) throw new Error(`unknown rate limit algorithm ${String(args[offset])}`)
      const [a, b, c] = [1, 2, 3].map((position) => Number(args[offset + position])) as [
        number,
        number,
        number,
      ]
      evaluations.push(algorithm.evaluate(context, keys[i + 1]!, now, cost, a, b, c))
    }
    if (mode === 'refund') {
      const items = evaluations.map((evaluation): LimitReplyItem => [1, ...evaluation.refund(), 0])
      return ['refunded', now, blockedUntil, items]
    }
    const fits = evaluations.every((evaluation) => evaluation.retry === 0)
    const status = blockedUntil > 0 ? 'blocked' : fits ? 'allowed' : 'denied'
    const items = evaluations.map(
      (evaluation): LimitReplyItem =>
        status === 'allowed' && mode === 'consume'
          ? [1, evaluation.available - cost, evaluation.commit(), 0]
          : [evaluation.retry === 0 ? 1 : 0, evaluation.available, evaluation.reset, evaluation.retry],
    )
    return [status, now, blockedUntil, items]
  },
})
