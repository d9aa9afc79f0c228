/** The Lua side of the sliding window (see `slidingWindowAlgorithm` for the state and its TTL). */
export const slidingWindowLua = `
algorithms['sw'] = function(key, now, cost, tokens, window, width)
  local oldest = math.floor((now - window) / width)
  local flat = redis.call('HGETALL', key)
  local live = {}
  local stale = {}
  local count = 0
  for i = 1, #flat, 2 do
    local index = tonumber(flat[i])
    if index < oldest then
      stale[#stale + 1] = flat[i]
    else
      local hits = tonumber(flat[i + 1])
      live[#live + 1] = { index, hits }
      count = count + hits
    end
  end
  table.sort(live, function(left, right) return left[1] < right[1] end)
  local function drains(index) return (index + 1) * width + window end
  local evaluation = { available = math.max(0, tokens - count), reset = now, retry = 0 }
  if #live > 0 then evaluation.reset = drains(live[#live][1]) end
  if cost > tokens then
    evaluation.retry = -1
  elseif cost > tokens - count then
    local excess = count + cost - tokens
    for _, bucket in ipairs(live) do
      excess = excess - bucket[2]
      if excess <= 0 then
        evaluation.retry = drains(bucket[1]) - now
        break
      end
    end
  end
  local function prune()
    if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
  end
  evaluation.commit = function()
    prune()
    local current = math.floor(now / width)
    if #live > 0 and live[#live][1] > current then current = live[#live][1] end
    redis.call('HINCRBY', key, current, cost)
    redis.call('PEXPIRE', key, drains(current) - now)
    return drains(current)
  end
  evaluation.refund = function()
    prune()
    local left = cost
    local newest = nil
    for position = #live, 1, -1 do
      local index = live[position][1]
      local hits = live[position][2]
      local taken = math.min(left, hits)
      left = left - taken
      count = count - taken
      if taken == hits then
        redis.call('HDEL', key, index)
      else
        if taken > 0 then redis.call('HSET', key, index, hits - taken) end
        if newest == nil then newest = index end
      end
    end
    if newest == nil then
      redis.call('DEL', key)
      return { tokens, now }
    end
    redis.call('PEXPIRE', key, drains(newest) - now)
    return { math.max(0, tokens - count), drains(newest) }
  end
  return evaluation
end
`
