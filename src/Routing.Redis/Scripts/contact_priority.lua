-- contact_priority.lua: a supervisor changes a waiting contact's priority. Its score moves by the
-- difference times the priority weight (C.pw), so it keeps the waiting time it has earned.
-- KEYS: 1 the fence (see includes/keys.lua), 2 contact, 3 its timeline
-- ARGV: 1-3 see includes/context.lua, 4 contact id, 5 new priority, 6 supervisor
-- Returns: code, previous priority, events; ContactPriorityScript.Decode
--- @include "events"
--- @include "contact"
--- @include "timeline"
local ct = contact(ARGV[4])
if not ct then return { 'contact_not_found', 0, EV } end
if ct.state ~= 'queued' then return { 'contact_not_waiting', tonumber(ct.prio) or 0, EV } end
local before, after = tonumber(ct.prio) or 0, tonumber(ARGV[5])
local score = S(tonumber(ct.score) + (before - after) * C.pw)
redis.call('HSET', KEYS[2], 'prio', S(after), 'score', score)
-- Rescored only in the lines it is in (one of the queue's channel line or its agent's line).
local function rescore(line)
  if redis.call('ZSCORE', line, ct.id) then redis.call('ZADD', line, score, ct.id) end
end
rescore(key('q:' .. ct.queue))
rescore(key('q:' .. ct.queue .. ':' .. ct.ch))
if ct.aff ~= '' then rescore(key('aq:' .. ct.aff)) end
-- And in every queue an escalation widened it to (includes/widened.lua).
for queue in string.gmatch(ct.wq or '', '[^,]+') do
  rescore(key('q:' .. queue))
  rescore(key('q:' .. queue .. ':' .. ct.ch))
end
timeline(ct.id, 'priority_changed', ct.queue, '', 'from ' .. S(before) .. ' to ' .. S(after) .. ' by supervisor ' .. ARGV[6])
return { 'ok', before, EV }
