-- cancel.lua: the customer abandoned a contact. A waiting contact leaves its queue; an offered one
-- has its offer revoked and the agent's slot freed. Any other state is answered, not changed.
-- KEYS: 1 the fence (see includes/keys.lua), 2 contact, 3 contact's timeline
--       and last the tenant's fixed keys it uses: ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 contact id, 5 reason
-- Returns: outcome, previous state, channel, events; CancelScript.Decode
--- @include "match"
local ct = contact(ARGV[4])
if not ct then return { 'not_found', '', '', EV } end
if ct.state ~= 'queued' and ct.state ~= 'offered' then return { 'bad_state', ct.state, ct.ch, EV } end
local ag = nil
redis.call('ZREM', key('q:' .. ct.queue), ct.id)
redis.call('ZREM', key('q:' .. ct.queue .. ':' .. ct.ch), ct.id)
if ct.aff ~= '' then
  redis.call('ZREM', key('aq:' .. ct.aff), ct.id)
  redis.call('ZREM', key('aqx'), ct.id)
end
if ct.state == 'offered' then
  ag = load_agent(ct.oagent)
  redis.call('ZREM', key('ox'), ct.id)
  if ag then
    redis.call('HDEL', key('ah:' .. ag.id), ct.id)
    release(ag, ct.ch)
    refresh(ag)
    emit('revoke', ag, ct.id, ct.oid, 'cancelled')
  end
end
redis.call('HSET', KEYS[2], 'state', 'cancelled', 'ended', ARGV[1], 'oid', '', 'oagent', '')
timeline(ct.id, 'cancelled', ct.queue, '', ARGV[5])
local thread = key('t:' .. ct.thread)
if redis.call('HGET', thread, 'w:' .. ct.ch) == ct.id then redis.call('HDEL', thread, 'w:' .. ct.ch) end
if ag then pull(ag) end
return { 'cancelled', ct.state, ct.ch, EV }
