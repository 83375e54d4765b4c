-- sweep.lua: one pass of a node's sweeper over the tenant. Every item is claimed by removing it
-- from its sorted set inside this script, so two nodes sweeping at once never process the same
-- item twice. Also records this node's heartbeat and declares silent nodes dead, then recovers
-- their agents (offers back at once, assignments on the next pass), a batch per pass.
-- KEYS: 1 the fence (see includes/keys.lua); all else the sweep reads it learns from data
--       and last the tenant's fixed keys it uses: nodes, deadnodes, ox, aqx, wu, gr, qc, esc, queues, hx, dlx, cbx
-- ARGV: 1-3 see includes/context.lua, 4 batch size, 5 node timeout (ms)
-- Returns: items processed, events, held contacts released, queues of the contacts flagged dead
--          letters (one entry each), callbacks queued at their due time; SweepScript.Decode
--- @include "expiry"
--- @include "presence"
--- @include "escalate"
--- @include "hours"
--- @include "callback"
local batch = tonumber(ARGV[4])
local done = 0

-- Claims the due items of a sorted set: whoever removes an item processes it, and only once.
local function due(set)
  local items = redis.call('ZRANGEBYSCORE', set, '-inf', ARGV[1], 'LIMIT', 0, batch)
  for _, item in ipairs(items) do redis.call('ZREM', set, item) end
  done = done + #items
  return items
end

redis.call('ZADD', key('nodes'), ARGV[1], NODE)

for _, cid in ipairs(due(key('ox'))) do
  local ct = contact(cid)
  if ct and ct.state == 'offered' and ct.oexp <= NOW then expire(ct) end
end

for _, cid in ipairs(due(key('aqx'))) do
  local ct = contact(cid)
  if ct and ct.state == 'queued' and ct.aff ~= '' then
    redis.call('ZREM', key('aq:' .. ct.aff), cid)
    redis.call('HDEL', key('c:' .. cid), 'aff', 'affr')
    redis.call('ZADD', key('q:' .. ct.queue .. ':' .. ct.ch), ct.score, cid)
    timeline(cid, 'agent_wait_over', ct.queue, ct.aff, 'no capacity in time; open to every agent of the queue')
    ct.aff = ''
    join_widened(ct)
    match_contact(ct)
  end
end

-- Escalation steps due (includes/escalate.lua), after the offers and agent waits that ended.
for _, cid in ipairs(due(key('esc'))) do escalate(cid) end
-- Business hours: held contacts whose queue opened; dead letters: waiting contacts' checks.
local released, dead = 0, {}
for _, cid in ipairs(due(key('hx'))) do
  if hours_release(cid) then released = released + 1 end
end
-- Callbacks: scheduled ones due now join the line; queued ones whose window ended are marked (includes/callback.lua).
local callbacks = 0
for _, cid in ipairs(due(key('cbx'))) do
  if callback_due(cid) then callbacks = callbacks + 1 end
end
for _, cid in ipairs(due(key('dlx'))) do
  if dl_check(cid) then table.insert(dead, redis.call('HGET', key('c:' .. cid), 'queue') or '') end
end

for _, item in ipairs(due(key('wu'))) do
  local a, cid, ch = string.match(item, '^(.-)|(.-)|(.-)$')
  local ag = load_agent(a)
  if ag and redis.call('HGET', key('ah:' .. a), cid) == 'w|' .. ch then
    redis.call('HDEL', key('ah:' .. a), cid)
    release(ag, ch)
    refresh(ag)
    pull(ag)
  end
end

for _, a in ipairs(due(key('gr'))) do
  local ag = load_agent(a)
  if ag and ag.conn ~= '1' then
    local back = {}
    local held = redis.call('HGETALL', key('ah:' .. a))
    for i = 1, #held, 2 do
      local kind, ch = string.match(held[i + 1], '^(%a)|(.*)$')
      if kind == 'a' and not has(ag.keep, ch) then
        local ct = contact(held[i])
        if ct and ct.state == 'assigned' and ct.agent == a then
          redis.call('HDEL', key('ah:' .. a), ct.id)
          release(ag, ch)
          requeue(ct)
          timeline(ct.id, 'returned', ct.queue, a, 'agent did not reconnect within the grace period')
          table.insert(back, ct)
        end
      end
    end
    refresh(ag)
    for _, ct in ipairs(back) do match_contact(ct) end
  end
end

for _, node in ipairs(redis.call('ZRANGEBYSCORE', key('nodes'), '-inf', S(NOW - tonumber(ARGV[5])), 'LIMIT', 0, 10)) do
  if node ~= NODE then
    redis.call('ZREM', key('nodes'), node)
    redis.call('SADD', key('deadnodes'), node)
  end
end
for _, node in ipairs(redis.call('SMEMBERS', key('deadnodes'))) do
  local nodeAgents = key('na:' .. node)
  local agents = redis.call('SPOP', nodeAgents, batch)
  for _, a in ipairs(agents) do
    local ag = load_agent(a)
    if ag and ag.conn == '1' and ag.node == node then
      -- No grace: the node died with the agent's stream, and its chats and e-mails must not wait a
      -- minute for a desk that may never come back; the next sweep returns them. Channels that stay
      -- with the agent (a connected call) are kept for its reconnect, as on any disconnect.
      disconnect(ag, 'node ' .. node .. ' stopped', 0)
    end
    done = done + 1
  end
  if redis.call('SCARD', nodeAgents) == 0 then redis.call('SREM', key('deadnodes'), node) end
end
return { done, EV, released, dead, callbacks }
