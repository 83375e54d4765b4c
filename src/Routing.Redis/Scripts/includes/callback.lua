-- callback.lua: a callback the customer asked for (ContactIngest.RequestCallback) is a contact with
-- a window ("cbs" to "cbe", ms) and a due time ("cbd", ms) the caller chose inside it (quiet hours,
-- business hours). One sorted set, "cbx", drives it, claimed by the sweep (each item once,
-- whichever node):
--   scheduled  due later: offered to nobody, in "cbx" by its due time; at it, queued like a new
--              contact (its wait counts from the due time) and put back in "cbx" by its window's end
--   queued     due now, or released: in "cbx" by its window's end; if nobody has taken it by then the
--              timeline says the window was missed ("cbm" = 1) and it goes on waiting (nothing
--              accepted is lost: the agent still calls back, late)
-- A cancel or an erasure takes it out of "cbx" (includes/cancel_contact.lua).
--- @include "match"
--- @include "deadletter_check"
--- @include "escalate"
--- @include "queue"

-- written: the fields enqueue.lua has just written (field = value), so the hash is not read back.
local function callback_fields(cid, written)
  local f = written and { written.cbs, written.cbe, written.cbd, written.cbm }
    or redis.call('HMGET', key('c:' .. cid), 'cbs', 'cbe', 'cbd', 'cbm')
  if not f[3] then return nil end
  return { starts = tonumber(f[1]) or 0, ends = tonumber(f[2]) or 0, due = tonumber(f[3]) or 0, missed = f[4] == '1' }
end

-- A new contact that is a callback due later: kept out of line ('scheduled'); nil otherwise (the
-- caller queues it, a callback due now included).
local function callback_hold(cid, written)
  local cb = callback_fields(cid, written)
  if not cb or cb.due <= NOW then return nil end
  redis.call('HSET', key('c:' .. cid), 'state', 'scheduled')
  redis.call('ZADD', key('cbx'), S(cb.due), cid)
  return 'scheduled'
end

-- The window ended with the contact still waiting: said once on the timeline, and it waits on.
local function callback_missed(cid, queue, agent)
  redis.call('HSET', key('c:' .. cid), 'cbm', '1')
  timeline(cid, 'callback_window_missed', queue, agent, 'the callback window ended before an agent took it; still waiting')
end

-- Watches the window's end of a callback now in line (due now, or just released).
local function callback_watch(cid, cb, queue)
  if cb.ends > NOW then
    redis.call('ZADD', key('cbx'), S(cb.ends), cid)
  else
    callback_missed(cid, queue, '')
  end
end

-- The timeline entries of a new callback (after "received"); for one due now also "callback_due".
local function callback_note(cid, queue, written)
  local cb = callback_fields(cid, written)
  if not cb then return end
  timeline(cid, 'callback_scheduled', queue, '', 'callback requested; due at its time in the window',
    { 'window_start', cb.starts, 'window_end', cb.ends, 'due_at', cb.due })
  if cb.due <= NOW then
    timeline(cid, 'callback_due', queue, '', 'callback due now: queued')
    callback_watch(cid, cb, queue)
  end
end

-- A "cbx" item the sweep claimed: a scheduled callback due now is queued and routed (true); a
-- queued or offered one whose window ended is marked missed. Anything else (assigned, finished,
-- cancelled, erased) is done with.
local function callback_due(cid)
  local ct = contact(cid)
  local cb = ct and callback_fields(cid)
  if not cb then return false end
  if ct.state == 'scheduled' then
    join_line(cid, ct, 'callback_due', 'callback due: queued')
    callback_watch(cid, cb, ct.queue)
    dl_arm(cid)
    -- The rule's escalation counts its waiting from the due time, like the wait itself.
    schedule_escalation(cid)
    match_contact(ct)
    return true
  end
  if (ct.state == 'queued' or ct.state == 'offered') and not cb.missed and cb.ends <= NOW then
    callback_missed(cid, ct.queue, ct.oagent)
  end
  return false
end
