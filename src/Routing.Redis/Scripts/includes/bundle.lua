-- bundle.lua: parallel contacts of one customer. While the customer's conversation has a contact
-- offered to an agent, its other waiting contacts (on any channel) go to that agent too: in the
-- same offer (a "bundle": the contacts share the bundle id "bun" and one expiry) when the agent has
-- room on their channels, else they wait for that agent ("aq:", reason affinity) up to C.parw
-- before any agent may take them. Accepting or declining one offer of a bundle answers all of it;
-- an expiry returns all of it; a bundled contact cancelled by its gateway just leaves the bundle.
-- C.parw = 0 turns bundling off (each contact is routed on its own).
-- Invariants kept: each contact is still offered to one agent at a time, and every bundled contact
-- counts against its own channel's capacity (can_take before each offer, as for any offer).
--- @include "queue"
--- @include "capacity"
--- @include "contact"

-- How many of the conversation's latest contacts are looked at (a conversation is small).
local BUNDLE_SCAN = 20

local function bundling() return (C.parw or 0) > 0 end

-- The conversation's other contacts (of its latest BUNDLE_SCAN), as tables.
local function conversation_others(ct)
  local out = {}
  if not bundling() or not ct.conv or ct.conv == '' then return out end
  for _, cid in ipairs(redis.call('LRANGE', key('v:' .. ct.conv .. ':c'), -BUNDLE_SCAN, -1)) do
    if cid ~= ct.id then
      local o = contact(cid)
      if o then table.insert(out, o) end
    end
  end
  return out
end

-- The agent a contact of the conversation is offered to now, if any (a new contact's first target).
local function conversation_offered_to(ct)
  for _, o in ipairs(conversation_others(ct)) do
    if o.state == 'offered' and o.oexp > NOW then return o.oagent end
  end
  return nil
end

-- The bundle an offer of ct to ag joins: { id, exp, lead } when another contact of the
-- conversation is offered to ag now, else nil.
local function bundle_of(ct, ag)
  for _, o in ipairs(conversation_others(ct)) do
    if o.state == 'offered' and o.oagent == ag.id and o.oexp > NOW then
      local bun = redis.call('HGET', key('c:' .. o.id), 'bun') or ''
      if bun == '' then
        bun = o.oid
        redis.call('HSET', key('c:' .. o.id), 'bun', bun)
      end
      return { id = bun, exp = o.oexp, lead = o }
    end
  end
  return nil
end

-- The other contacts of ct's bundle still offered to the agent (its holdings, so O(capacity)).
local function bundle_members(ct, agent)
  local out = {}
  local bun = redis.call('HGET', key('c:' .. ct.id), 'bun') or ''
  if bun == '' or agent == '' then return out end
  local held = redis.call('HGETALL', key('ah:' .. agent))
  for i = 1, #held, 2 do
    local cid = held[i]
    if cid ~= ct.id and string.sub(held[i + 1], 1, 2) == 'o|' and redis.call('HGET', key('c:' .. cid), 'bun') == bun then
      local o = contact(cid)
      if o and o.state == 'offered' and o.oagent == agent then table.insert(out, o) end
    end
  end
  return out
end

-- Makes ct wait for ag as a parallel contact: up to C.parw from its first such wait ("pw", the
-- deadline, kept so a later re-match cannot extend the bound).
local function parallel_wait(ct, ag)
  if ct.aff ~= '' and ct.aff ~= ag.id then redis.call('ZREM', key('aq:' .. ct.aff), ct.id) end
  local ck = key('c:' .. ct.id)
  local pw = tonumber(redis.call('HGET', ck, 'pw') or '0') or 0
  if pw == 0 then
    pw = NOW + C.parw
    redis.call('HSET', ck, 'pw', S(pw))
  end
  wait_for(ct, ag, 'affinity', math.max(pw - NOW, 0))
end

-- Routes a waiting contact whose conversation has a contact offered to an agent: to that agent,
-- in its offer when it has room, else waiting for it until the contact's bound ("pw") passes.
-- Returns 'offered', 'waiting', or nil when the conversation does not decide (no such agent, the
-- agent is gone or cooling down on the contact, or the bound passed and the agent has no room).
local function bundle_route(ct, offer_fn)
  local to = conversation_offered_to(ct)
  if not to or cooled(ct.id, to) then return nil end
  local ag = load_agent(to)
  if not ag or ag.conn ~= '1' or ag.status == 'offline' then return nil end
  if can_take(ag, ct.ch) then
    offer_fn(ct, ag, 'affinity', 'bundled with the open conversation')
    return 'offered'
  end
  local pw = tonumber(redis.call('HGET', key('c:' .. ct.id), 'pw') or '0') or 0
  if pw > 0 and pw <= NOW then return nil end
  parallel_wait(ct, ag)
  return 'waiting'
end

-- After ct was offered to ag: the conversation's waiting contacts join the offer when ag has room
-- for them, else wait for ag (a wait for another agent moves to ag; a transfer's wait stays).
local function bundle_waiting(ct, ag, offer_fn)
  for _, o in ipairs(conversation_others(ct)) do
    if o.state == 'queued' and o.affr ~= 'transfer' and not cooled(o.id, ag.id) then
      if can_take(ag, o.ch) then
        offer_fn(o, ag, 'affinity', 'bundled with ' .. ct.id, nil, nil, true)
      elseif o.aff ~= ag.id then
        local pw = tonumber(redis.call('HGET', key('c:' .. o.id), 'pw') or '0') or 0
        if pw == 0 or pw > NOW then parallel_wait(o, ag) end
      end
    end
  end
end
