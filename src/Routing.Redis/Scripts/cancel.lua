-- cancel.lua: the customer abandoned a contact. A waiting contact leaves its queue; an offered one
-- has its offer revoked and the agent's slot freed. Any other state is answered, not changed.
-- ARGV: 1-4 see lib.lua, 5 contact id, 6 reason
-- Returns: outcome, previous state, channel, events
local ct = contact(ARGV[5])
if not ct then return { 'not_found', '', '', EV } end
if ct.state ~= 'queued' and ct.state ~= 'offered' then return { 'bad_state', ct.state, ct.ch, EV } end
local ck = P .. 'c:' .. ct.id
local ag = nil
redis.call('ZREM', P .. 'q:' .. ct.queue, ct.id)
redis.call('ZREM', P .. 'q:' .. ct.queue .. ':' .. ct.ch, ct.id)
if ct.aff ~= '' then
  redis.call('ZREM', P .. 'aq:' .. ct.aff, ct.id)
  redis.call('ZREM', P .. 'aqx', ct.id)
end
if ct.state == 'offered' then
  ag = load_agent(ct.oagent)
  redis.call('ZREM', P .. 'ox', ct.id)
  if ag then
    redis.call('HDEL', P .. 'ah:' .. ag.id, ct.id)
    release(ag, ct.ch)
    refresh(ag)
    emit('revoke', ag, ct.id, ct.oid, 'cancelled')
  end
end
redis.call('HSET', ck, 'state', 'cancelled', 'ended', ARGV[2], 'oid', '', 'oagent', '')
timeline(ct.id, 'cancelled', ct.queue, '', ARGV[6])
local thread = P .. 't:' .. ct.thread
if redis.call('HGET', thread, 'w:' .. ct.ch) == ct.id then redis.call('HDEL', thread, 'w:' .. ct.ch) end
if ag then pull(ag) end
return { 'cancelled', ct.state, ct.ch, EV }
