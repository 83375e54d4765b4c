-- hours.lua: a contact that arrives while its queue is closed (business hours, decided by the
-- caller from the queue's calendar; the contact's "oh" field says how it is handled):
--   hold     stored, offered to nobody, until its queue opens ("oha", ms): "hx" by opening time,
--            claimed by the sweep (each once, whichever node), then queued at its original score
--   closed   answered with the queue's closed message: recorded and finished at once
--   overflow already routed to the queue the calendar chose ("ohq" is the closed one): queued
--- @include "match"
--- @include "retention"
--- @include "deadletter_check"
--- @include "escalate"
--- @include "queue"

-- Reads the contact's outside-hours handling; for hold and closed, keeps it out of line and
-- returns its state ('held', 'closed'), else nil (the caller queues it).
-- written: the fields enqueue.lua has just written (field = value), so the hash is not read back.
local function hours_hold(cid, written)
  local f = written and { written.oh, written.oha } or redis.call('HMGET', key('c:' .. cid), 'oh', 'oha')
  if f[1] == 'hold' then
    redis.call('HSET', key('c:' .. cid), 'state', 'held')
    redis.call('ZADD', key('hx'), f[2] or S(NOW), cid)
    return 'held'
  elseif f[1] == 'closed' then
    redis.call('HSET', key('c:' .. cid), 'state', 'closed', 'ended', S(NOW))
    retain(contact(cid))
    return 'closed'
  end
  return nil
end

-- The timeline entry of the outside-hours handling (after "received"); written as for hours_hold.
local function hours_note(cid, written)
  local f = written and { written.oh, written.oha, written.ohq, written.queue }
    or redis.call('HMGET', key('c:' .. cid), 'oh', 'oha', 'ohq', 'queue')
  if f[1] == 'hold' then
    timeline(cid, 'held_outside_hours', f[4], '', 'queue closed; held until it opens', { 'opens_at', tonumber(f[2]) })
  elseif f[1] == 'closed' then
    timeline(cid, 'closed_outside_hours', f[4], '', 'queue closed; answered with its closed message')
  elseif f[1] == 'overflow' then
    timeline(cid, 'overflowed_by_hours', f[4], '', 'queue ' .. (f[3] or '') .. ' closed; routed to ' .. (f[4] or ''))
  end
end

-- The queue opened: the held contact joins the line at the score it got when received (its
-- place by arrival), its wait counts from now, and it is routed like any new contact.
local function hours_release(cid)
  local ct = contact(cid)
  if not ct or ct.state ~= 'held' then return false end
  join_line(cid, ct, 'released_at_opening', 'queue opened')
  dl_arm(cid)
  -- The rule's escalation counts its waiting from the opening, like the wait itself.
  schedule_escalation(cid)
  match_contact(ct)
  return true
end
