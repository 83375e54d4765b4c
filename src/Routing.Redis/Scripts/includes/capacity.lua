-- capacity.lua: an agent's load per channel and in total, and the free-agent index
-- "qa:{queue}:{channel}" that matching reads (ordered by the queue's strategy, "qc").
--- @include "agent"
local strategies = {}
-- The queue's strategy, read once per script. Given the agent, the strategies of all its queues not
-- yet read come in the same HMGET: scoring an agent (refresh) reads every one of them anyway, and one
-- call is far cheaper than one per queue (the embedded engine's Lua bridge makes each call costly).
-- Only the agent's queues, never the whole "qc" hash: a tenant may have hundreds of queues.
local function strategy(queue, ag)
  local s = strategies[queue]
  if s then return s end
  local names = { queue }
  if ag then
    for _, q in ipairs(ag.ql) do
      if q ~= queue and not strategies[q] then table.insert(names, q) end
    end
  end
  -- In pages: unpack is bounded by Lua's stack.
  for from = 1, #names, 100 do
    local page = {}
    for i = from, math.min(from + 99, #names) do table.insert(page, names[i]) end
    local got = redis.call('HMGET', key('qc'), unpack(page))
    for i, q in ipairs(page) do strategies[q] = got[i] or 'longest_idle' end
  end
  return strategies[queue]
end

-- The agent's place among the queue's free agents: lowest is chosen first.
local function agent_score(ag, queue)
  local s = strategy(queue, ag)
  local idle = tonumber(ag.idle or '0')
  if s == 'most_skilled' then
    return (10 - ag.q[queue].prof) * 1e13 + idle
  elseif s == 'least_occupied' then
    local pct = 0
    if ag.total > 0 then pct = math.floor(ag.tload * 100 / ag.total) end
    return pct * 1e13 + idle
  elseif s == 'round_robin' then
    return tonumber(ag.lastoff or '0')
  end
  return idle
end

-- The figure the queue's strategy ranks the agent by, as a supervisor reads it (the timeline's
-- score) and in words: seconds idle, proficiency, percent occupied, seconds since its last offer
-- (nil: never offered).
local function strategy_figure(ag, queue)
  local s = strategy(queue, ag)
  if s == 'most_skilled' then
    return ag.q[queue].prof, 'proficiency ' .. S(ag.q[queue].prof)
  elseif s == 'least_occupied' then
    local pct = 0
    if ag.total > 0 then pct = math.floor(ag.tload * 100 / ag.total) end
    return pct, S(pct) .. '% occupied'
  elseif s == 'round_robin' then
    local last = tonumber(ag.lastoff or '0')
    if last <= 0 then return nil, 'never offered before' end
    local secs = (NOW - last) / 1000
    return secs, string.format('last offered %.1f s ago', secs)
  end
  local secs = math.max(0, NOW - (tonumber(ag.idle or '') or NOW)) / 1000
  return secs, string.format('idle %.1f s', secs)
end

-- Puts the agent in (or takes it out of) every queue x channel set of free agents. Only what
-- changed is written: the channels it was eligible for ("el") and its score per queue ("es") are
-- kept in the agent hash, so a typical offer or release touches one or two sets, not all of them.
local function refresh(ag)
  local before = {}
  for ch in string.gmatch(ag.el or '', '[^,]+') do before[ch] = true end
  local oldScores = {}
  for sc in string.gmatch(ag.es or '', '[^,]+') do table.insert(oldScores, sc) end
  local now, el, es = {}, {}, {}
  for _, ch in ipairs(ag.chl) do
    if can_take(ag, ch) then
      now[ch] = true
      table.insert(el, ch)
    end
  end
  for i, queue in ipairs(ag.ql) do
    local score = S(agent_score(ag, queue))
    table.insert(es, score)
    local rescore = oldScores[i] ~= score
    for _, ch in ipairs(ag.chl) do
      if now[ch] and (rescore or not before[ch]) then
        redis.call('ZADD', key('qa:' .. queue .. ':' .. ch), score, ag.id)
      elseif before[ch] and not now[ch] then
        redis.call('ZREM', key('qa:' .. queue .. ':' .. ch), ag.id)
      end
    end
  end
  ag.el = table.concat(el, ',')
  ag.es = table.concat(es, ',')
  redis.call('HSET', key('a:' .. ag.id), 'el', ag.el, 'es', ag.es)
end

local function save_load(ag, ch)
  redis.call('HSET', key('a:' .. ag.id), 'l:' .. ch, S(ag.l[ch] or 0), 'tload', S(ag.tload), 'idle', ag.idle or S(NOW), 'lastoff', ag.lastoff or '0')
end

-- Frees one of the agent's slots on the channel.
local function release(ag, ch)
  ag.l[ch] = math.max(0, (ag.l[ch] or 0) - 1)
  ag.tload = math.max(0, ag.tload - 1)
  if ag.tload == 0 then ag.idle = S(NOW) end
  save_load(ag, ch)
end
