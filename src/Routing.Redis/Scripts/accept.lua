-- accept.lua: the agent accepts its offer; the contact is assigned (at most once) and the
-- conversation remembers the agent for affinity.
-- ARGV: 1-4 see lib.lua, 5 agent, 6 session, 7 offer id
-- Returns: code, contact id, events
local ag = session(ARGV[5], ARGV[6])
if not ag then return { 'stale_session', '', EV } end
local ct, err = check_offer(ag, ARGV[7])
if not ct then return { err, '', EV } end
local ck = P .. 'c:' .. ct.id
redis.call('HSET', ck, 'state', 'assigned', 'agent', ag.id, 'accepted', ARGV[2])
redis.call('ZREM', P .. 'ox', ct.id)
redis.call('HSET', P .. 'ah:' .. ag.id, ct.id, 'a|' .. ct.ch)
redis.call('HSET', P .. 'a:' .. ag.id, 'noans', '0')
redis.call('HSET', P .. 'v:' .. ct.conv, 'agent', ag.id)
local thread = P .. 't:' .. ct.thread
if redis.call('HGET', thread, 'w:' .. ct.ch) == ct.id then redis.call('HDEL', thread, 'w:' .. ct.ch) end
timeline(ct.id, 'accepted', ct.queue, ag.id, '')
return { 'ok', ct.id, EV }
