-- accept.lua: the agent accepts its offer; the contact is assigned (at most once) and the
-- conversation remembers the agent for affinity.
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings, 4 offered contact,
--       5 its timeline, 6 its decline cool-downs (the contact as the offer id names it)
--       and last the tenant's fixed keys it uses: ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 offer id
-- Returns: code, contact id, events, the other contacts of its bundle accepted with it and their
--          offer ids (each comma-separated, in the same order); AcceptScript.Decode
--- @include "answer"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', '', EV } end
local ct, err = check_offer(ag, ARGV[6])
if not ct then return { err, '', EV } end
-- A bundle (includes/bundle.lua) is accepted whole: its other offered contacts are assigned too.
local members = bundle_members(ct, ag.id)
local function assign(c)
  redis.call('HSET', key('c:' .. c.id), 'state', 'assigned', 'agent', ag.id, 'accepted', ARGV[1])
  redis.call('ZREM', key('ox'), c.id)
  redis.call('HSET', KEYS[3], c.id, 'a|' .. c.ch)
  redis.call('HSET', key('v:' .. c.conv), 'agent', ag.id)
  local thread = key('t:' .. c.thread)
  if redis.call('HGET', thread, 'w:' .. c.ch) == c.id then redis.call('HDEL', thread, 'w:' .. c.ch) end
  timeline(c.id, 'accepted', c.queue, ag.id, c.id == ct.id and '' or ('with its bundle (' .. ct.id .. ')'))
  fig_answered(c)
end
redis.call('HSET', KEYS[2], 'noans', '0')
assign(ct)
local bundled, offers = {}, {}
for _, m in ipairs(members) do
  assign(m)
  table.insert(bundled, m.id)
  table.insert(offers, m.oid)
end
-- The offer ids let the desk's node close those offers: one still on its way to the desk (the
-- event dispatcher, the offer resync) must not reach it after their Assigned.
return { 'ok', ct.id, EV, table.concat(bundled, ','), table.concat(offers, ',') }
