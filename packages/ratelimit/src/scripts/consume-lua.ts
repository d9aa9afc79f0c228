/**
 * The Lua of each algorithm's `consume`, written flat: no closures, no tables per evaluation, only the
 * Redis calls the algorithm needs. `$` stands for the limit's position (`_1`, `_2`, ...), so several
 * limits live side by side in one script. In scope: `now`, `cost`, `key$` and the parameters `a$`,
 * `b$`, `c$` (the limiter's three numbers).
 *
 * `read` defines `available$`, `reset$` and `retry$` (the fields of `Evaluation`) from the stored
 * state; `commit` spends `cost` and sets `reset$` to the reset after spending — exactly what the
 * algorithm's `evaluate(...).commit()` does in JavaScript, write for write.
 */
export interface ConsumeLua {
  readonly read: string
  readonly commit: string
}

// Floors of ratios that are whole in exact arithmetic can land a hair below in floating point.
const GCRA_EPSILON = 1e-9

/** Per algorithm code. Parameters: fw `(tokens, window)`, sw `(tokens, window, width)`, ... */
export const consumeLua: Readonly<Record<string, ConsumeLua>> = {
  fw: {
    read: `
local state$ = redis.call('HMGET', key$, 'start', 'count')
local start$ = tonumber(state$[1])
local count$ = tonumber(state$[2])
if start$ == nil or count$ == nil or now >= start$ + b$ then
  start$ = now
  count$ = 0
end
local available$ = math.max(0, a$ - count$)
local reset$ = now
if count$ > 0 then reset$ = start$ + b$ end
local retry$ = 0
if cost > a$ then retry$ = -1 elseif cost > a$ - count$ then retry$ = start$ + b$ - now end`,
    commit: `
if count$ > 0 then
  -- A live window already expires at its end: one write, and the TTL stays.
  redis.call('HINCRBY', key$, 'count', cost)
else
  redis.call('HSET', key$, 'start', start$, 'count', cost)
  redis.call('PEXPIRE', key$, start$ + b$ - now)
end
reset$ = start$ + b$`,
  },
  sw: {
    // Buckets are only sorted when a denial needs its retry time; the newest is found on the way.
    read: `
local oldest$ = math.floor((now - b$) / c$)
local flat$ = redis.call('HGETALL', key$)
local stale$ = nil
local count$ = 0
local newest$ = nil
for j = 1, #flat$, 2 do
  local index = tonumber(flat$[j])
  if index < oldest$ then
    if stale$ == nil then stale$ = {} end
    stale$[#stale$ + 1] = flat$[j]
  else
    count$ = count$ + tonumber(flat$[j + 1])
    if newest$ == nil or index > newest$ then newest$ = index end
  end
end
local available$ = math.max(0, a$ - count$)
local reset$ = now
if newest$ ~= nil then reset$ = (newest$ + 1) * c$ + b$ end
local retry$ = 0
if cost > a$ then
  retry$ = -1
elseif cost > a$ - count$ then
  local live = {}
  for j = 1, #flat$, 2 do
    local index = tonumber(flat$[j])
    if index >= oldest$ then live[#live + 1] = { index, tonumber(flat$[j + 1]) } end
  end
  table.sort(live, function(left, right) return left[1] < right[1] end)
  local excess = count$ + cost - a$
  for _, bucket in ipairs(live) do
    excess = excess - bucket[2]
    if excess <= 0 then
      retry$ = (bucket[1] + 1) * c$ + b$ - now
      break
    end
  end
end`,
    // The key expires when its newest bucket drains: unchanged while that bucket stays the newest.
    commit: `
if stale$ ~= nil then redis.call('HDEL', key$, unpack(stale$)) end
local current$ = math.floor(now / c$)
if newest$ ~= nil and newest$ > current$ then current$ = newest$ end
redis.call('HINCRBY', key$, current$, cost)
reset$ = (current$ + 1) * c$ + b$
if current$ ~= newest$ then redis.call('PEXPIRE', key$, reset$ - now) end`,
  },
  sl: {
    read: `
local entries$ = redis.call('LRANGE', key$, 0, -1)
local first$ = #entries$ + 1
for j = 1, #entries$ do
  if tonumber(entries$[j]) > now - b$ then
    first$ = j
    break
  end
end
local live$ = #entries$ - first$ + 1
local available$ = math.max(0, a$ - live$)
local reset$ = now
if live$ > 0 then reset$ = tonumber(entries$[#entries$]) + b$ end
local retry$ = 0
if cost > a$ then
  retry$ = -1
elseif cost > a$ - live$ then
  retry$ = tonumber(entries$[first$ + live$ + cost - a$ - 1]) + b$ - now
end`,
    commit: `
if first$ > 1 then redis.call('LTRIM', key$, first$ - 1, -1) end
local stamp$ = now
if #entries$ > 0 then stamp$ = math.max(now, tonumber(entries$[#entries$])) end
local stamps$ = {}
for j = 1, cost do stamps$[j] = stamp$ end
redis.call('RPUSH', key$, unpack(stamps$))
redis.call('PEXPIRE', key$, stamp$ + b$ - now)
reset$ = stamp$ + b$`,
  },
  tb: {
    // a = refill rate, b = interval, c = capacity.
    read: `
local state$ = redis.call('HMGET', key$, 'tokens', 'refilled')
local tokens$ = tonumber(state$[1])
local refilled$ = tonumber(state$[2])
if tokens$ == nil or refilled$ == nil then
  tokens$ = c$
  refilled$ = now
else
  local intervals = math.floor((now - refilled$) / b$)
  if intervals > 0 then
    tokens$ = math.min(c$, tokens$ + intervals * a$)
    refilled$ = refilled$ + intervals * b$
  end
  if tokens$ >= c$ then
    tokens$ = c$
    refilled$ = now
  end
end
local available$ = tokens$
local reset$ = now
if tokens$ < c$ then reset$ = refilled$ + math.ceil((c$ - tokens$) / a$) * b$ end
local retry$ = 0
if cost > c$ then
  retry$ = -1
elseif cost > tokens$ then
  retry$ = refilled$ + math.ceil((cost - tokens$) / a$) * b$ - now
end`,
    commit: `
tokens$ = tokens$ - cost
if tokens$ >= c$ then
  redis.call('DEL', key$)
  reset$ = now
else
  reset$ = refilled$ + math.ceil((c$ - tokens$) / a$) * b$
  redis.call('HSET', key$, 'tokens', tokens$, 'refilled', refilled$)
  redis.call('PEXPIRE', key$, reset$ - now)
end`,
  },
  gcra: {
    // a = tokens, b = period, c = burst.
    read: `
local emission$ = b$ / a$
local span$ = c$ * emission$
local base$ = tonumber(redis.call('GET', key$) or '')
if base$ == nil or base$ < now then base$ = now end
local available$ = math.min(c$, math.max(0, math.floor((span$ - (base$ - now)) / emission$ + ${GCRA_EPSILON})))
local reset$ = math.ceil(base$)
local retry$ = 0
if cost > c$ then
  retry$ = -1
elseif cost > available$ then
  retry$ = math.max(1, math.ceil(base$ + cost * emission$ - span$ - now))
end`,
    commit: `
base$ = base$ + cost * emission$
if base$ <= now then
  redis.call('DEL', key$)
else
  redis.call('SET', key$, string.format('%.17g', base$), 'PX', math.max(1, math.ceil(base$ - now)))
end
reset$ = math.ceil(base$)`,
  },
}
