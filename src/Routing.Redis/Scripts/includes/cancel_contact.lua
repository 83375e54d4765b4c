-- cancel_contact.lua: ends a contact in flight. A waiting contact leaves its queues; an offered one
-- has its offer revoked; an assigned one (only when the caller allows it: an erasure) leaves its
-- agent, whose desk hears a revoke as for a cancelled offer. The agent's slot frees and it pulls
-- its next contact. The cancelled contact then expires after the retention.
--- @include "match"
--- @include "retention"

-- Cancels ct when it is waiting (or held outside business hours, or a callback not yet due), offered or (with assigned_too)
-- assigned; false for any other state.
-- With defer_pull the caller has the freed agent (the second result) pull its next contact itself,
-- after cancelling others it must not be offered meanwhile.
local function cancel_contact(ct, reason, assigned_too, defer_pull)
  if ct.state ~= 'queued' and ct.state ~= 'offered' and ct.state ~= 'held' and ct.state ~= 'scheduled' and not (assigned_too and ct.state == 'assigned') then return false end
  local ag = nil
  waiting_out(ct.queue, ct.ch, redis.call('ZREM', key('q:' .. ct.queue), ct.id))
  -- A contact held outside business hours was never in line: it leaves "hx" and is no abandon of the queue.
  if ct.state == 'held' then redis.call('ZREM', key('hx'), ct.id)
  elseif ct.state ~= 'assigned' and ct.state ~= 'scheduled' then fig(ct.queue, ct.ch, 'ab', 1) end
  -- A callback leaves "cbx" whether it was still scheduled (never in line either) or waiting for its window's end.
  redis.call('ZREM', key('cbx'), ct.id)
  redis.call('ZREM', key('q:' .. ct.queue .. ':' .. ct.ch), ct.id)
  leave_widened(ct)
  if ct.aff ~= '' then
    redis.call('ZREM', key('aq:' .. ct.aff), ct.id)
    redis.call('ZREM', key('aqx'), ct.id)
  end
  local holder = (ct.state == 'offered' and ct.oagent) or (ct.state == 'assigned' and ct.agent) or ''
  if ct.state == 'offered' then redis.call('ZREM', key('ox'), ct.id) end
  if holder ~= '' then
    ag = load_agent(holder)
    if ag then
      redis.call('HDEL', key('ah:' .. ag.id), ct.id)
      release(ag, ct.ch)
      refresh(ag)
      emit('revoke', ag, ct.id, ct.state == 'offered' and ct.oid or '', 'cancelled')
    end
  end
  redis.call('HSET', key('c:' .. ct.id), 'state', 'cancelled', 'ended', S(NOW), 'oid', '', 'oagent', '')
  timeline(ct.id, 'cancelled', ct.queue, '', reason)
  dl_clear(ct, 'cancelled')
  if ct.thread and ct.thread ~= '' then
    local thread = key('t:' .. ct.thread)
    if redis.call('HGET', thread, 'w:' .. ct.ch) == ct.id then redis.call('HDEL', thread, 'w:' .. ct.ch) end
  end
  retain(ct)
  if ag and not defer_pull then pull(ag) end
  return true, ag
end
