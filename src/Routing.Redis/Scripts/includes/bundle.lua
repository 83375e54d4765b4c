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

-- After ct was offered to ag: the conversation's waiting contacts join the offer when ag has room
-- for them, else wait for ag (a wait for another agent moves to ag; a transfer's wait stays).
local function bundle_waiting(ct, ag, offer_fn)
  for _, o in ipairs(conversation_others(ct)) do
    if o.state == 'queued' and o.affr ~= 'transfer' and not cooled(o.id, ag.id) then
      if can_take(ag, o.ch) then
        offer_fn(o, ag, 'affinity', 'bundled with ' .. ct.id, nil, nil, true)
      elseif o.aff ~= ag.id then
        if o.aff ~= '' then
          redis.call('ZREM', key('aq:' .. o.aff), o.id)
        end
        wait_for(o, ag, 'affinity', C.parw)
      end
    end
  end
end
