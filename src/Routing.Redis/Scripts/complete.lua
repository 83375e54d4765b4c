-- complete.lua: the agent completes a contact. The interaction is queued for write-back to the
-- CRM; the agent's slot stays busy for the wrap-up time (unless skipped), then frees up. The
-- contact, its messages and timeline expire after the retention (includes/retention.lua).
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings, 4 contact, 5 its timeline
--       and last the tenant's fixed keys it uses: wb, wu, ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 contact id, 7 disposition, 8 notes,
--       9 skip wrap-up (1/0)
-- Returns: code, wrap-up end (ms), events; CompleteScript.Decode
--- @include "match"
--- @include "assigned"
--- @include "retention"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', '0', EV } end
local ct, err = check_assigned(ag, ARGV[6])
if not ct then return { err, '0', EV } end
redis.call('HSET', KEYS[4], 'state', 'completed', 'completed', ARGV[1], 'disp', ARGV[7], 'notes', ARGV[8])
redis.call('ZADD', key('wb'), ARGV[1], ct.id)
retain(ct)
fig(ct.queue, ct.ch, 'hnd', 1)
fig(ct.queue, ct.ch, 'ht', math.max(0, NOW - (tonumber(ct.accepted) or NOW)))
local wrap = C['wrap_' .. ct.ch] or C.wrap
local until_ = NOW
if wrap > 0 and ARGV[9] ~= '1' then
  until_ = NOW + wrap
  redis.call('HSET', KEYS[3], ct.id, 'w|' .. ct.ch)
  redis.call('ZADD', key('wu'), S(until_), ag.id .. '|' .. ct.id .. '|' .. ct.ch)
  timeline(ct.id, 'completed', ct.queue, ag.id, ARGV[7] .. ', wrap-up ' .. S(wrap) .. ' ms')
else
  timeline(ct.id, 'completed', ct.queue, ag.id, ARGV[7])
  redis.call('HDEL', KEYS[3], ct.id)
  release(ag, ct.ch)
  refresh(ag)
  -- ag was read by session() and since changed only by release and refresh, which wrote what they
  -- changed in it to the hash as well: it is current, no need to read it again.
  pull(ag, true)
end
return { 'ok', S(until_), EV }
