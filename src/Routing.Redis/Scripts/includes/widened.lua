-- widened.lua: a contact an escalation widened to more queues ("wq" in the contact, comma
-- separated) also waits in each of them, "q:{queue}" and "q:{queue}:{channel}" at its own score,
-- so their agents pull it and their boards count it. "wq" is the one record of those memberships:
-- whatever takes a contact out of line (offer, cancel, erase) leaves them all, and whatever puts
-- it back (requeue after a decline, an expiry, a lost agent) joins them again. A contact held for
-- one agent ("aff") is never widened (escalate.lua postpones the step), so "aq:" needs no care.
--- @include "figures"

local function join_widened(ct)
  for queue in string.gmatch(ct.wq or '', '[^,]+') do
    waiting_in(queue, ct.ch, redis.call('ZADD', key('q:' .. queue), ct.score, ct.id))
    redis.call('ZADD', key('q:' .. queue .. ':' .. ct.ch), ct.score, ct.id)
  end
end

local function leave_widened(ct)
  for queue in string.gmatch(ct.wq or '', '[^,]+') do
    waiting_out(queue, ct.ch, redis.call('ZREM', key('q:' .. queue), ct.id))
    redis.call('ZREM', key('q:' .. queue .. ':' .. ct.ch), ct.id)
  end
end
