-- complete.lua: the agent completes a contact. The interaction is queued for write-back to the
-- CRM; the agent's slot stays busy for the wrap-up time (unless skipped), then frees up.
-- ARGV: 1-4 see lib.lua, 5 agent, 6 session, 7 contact id, 8 disposition, 9 notes, 10 skip wrap-up (1/0)
-- Returns: code, wrap-up end (ms), events
local ag = session(ARGV[5], ARGV[6])
if not ag then return { 'stale_session', '0', EV } end
local ct, err = check_assigned(ag, ARGV[7])
if not ct then return { err, '0', EV } end
redis.call('HSET', P .. 'c:' .. ct.id, 'state', 'completed', 'completed', ARGV[2], 'disp', ARGV[8], 'notes', ARGV[9])
redis.call('ZADD', P .. 'wb', ARGV[2], ct.id)
local wrap = C['wrap_' .. ct.ch] or C.wrap
local until_ = NOW
if wrap > 0 and ARGV[10] ~= '1' then
  until_ = NOW + wrap
  redis.call('HSET', P .. 'ah:' .. ag.id, ct.id, 'w|' .. ct.ch)
  redis.call('ZADD', P .. 'wu', S(until_), ag.id .. '|' .. ct.id .. '|' .. ct.ch)
  timeline(ct.id, 'completed', ct.queue, ag.id, ARGV[8] .. ', wrap-up ' .. S(wrap) .. ' ms')
else
  timeline(ct.id, 'completed', ct.queue, ag.id, ARGV[8])
  redis.call('HDEL', P .. 'ah:' .. ag.id, ct.id)
  release(ag, ct.ch)
  refresh(ag)
  pull(ag)
end
return { 'ok', S(until_), EV }
