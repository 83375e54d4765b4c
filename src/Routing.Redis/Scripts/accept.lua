-- accept.lua: the agent accepts its offer; the contact is assigned (at most once) and the
-- conversation remembers the agent for affinity.
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings, 4 offered contact,
--       5 its timeline, 6 its decline cool-downs (the contact as the offer id names it)
--       and last the tenant's fixed keys it uses: ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 offer id
-- Returns: code, contact id, events; AcceptScript.Decode
--- @include "answer"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', '', EV } end
local ct, err = check_offer(ag, ARGV[6])
if not ct then return { err, '', EV } end
redis.call('HSET', key('c:' .. ct.id), 'state', 'assigned', 'agent', ag.id, 'accepted', ARGV[1])
redis.call('ZREM', key('ox'), ct.id)
redis.call('HSET', KEYS[3], ct.id, 'a|' .. ct.ch)
redis.call('HSET', KEYS[2], 'noans', '0')
redis.call('HSET', key('v:' .. ct.conv), 'agent', ag.id)
local thread = key('t:' .. ct.thread)
if redis.call('HGET', thread, 'w:' .. ct.ch) == ct.id then redis.call('HDEL', thread, 'w:' .. ct.ch) end
timeline(ct.id, 'accepted', ct.queue, ag.id, '')
fig_answered(ct)
return { 'ok', ct.id, EV }
