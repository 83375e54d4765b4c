-- supervised.lua: what the supervisor action scripts share: a waiting contact taken out of line
-- (to be put back elsewhere), and an agent's reason fields ("rkind" away / wrap_up, "rnote" free
-- text, "rby" who set the status when it was not the agent: a supervisor or "router").
--- @include "match"

-- The contact is waiting (queued, not offered): takes it out of every line it is in, the queues an
-- escalation widened it to included (a move ends the widening, as a transfer does; widened.lua),
-- and out of its queue's dead letters (re-armed by whoever puts it back in a line).
local function out_of_line(ct)
  waiting_out(ct.queue, ct.ch, redis.call('ZREM', key('q:' .. ct.queue), ct.id))
  redis.call('ZREM', key('q:' .. ct.queue .. ':' .. ct.ch), ct.id)
  if (ct.wq or '') ~= '' then
    leave_widened(ct)
    redis.call('HDEL', key('c:' .. ct.id), 'wq')
    ct.wq = ''
  end
  dl_clear(ct, 'moved by a supervisor')
  if ct.aff ~= '' then
    redis.call('ZREM', key('aq:' .. ct.aff), ct.id)
    redis.call('ZREM', key('aqx'), ct.id)
    redis.call('HDEL', key('c:' .. ct.id), 'aff', 'affr')
    ct.aff = ''
  end
end

local function set_reason(ag, kind, note, by)
  redis.call('HSET', key('a:' .. ag.id), 'rkind', kind, 'rnote', note, 'rby', by)
end
