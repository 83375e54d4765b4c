-- status.lua: the agent changes status. Available: back in routing, pulls work. Away: out of
-- routing, pending offers stay until answered or expired. Offline (logged out, still connected):
-- out of routing and pending offers go back in line; assignments stay to be completed.
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings
--       and last the tenant's fixed keys it uses: ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 status, 7 reason code, 8 its kind
--       (away / wrap_up), 9 note
-- Returns: code, events; StatusScript.Decode
--- @include "match"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', EV } end
local status = ARGV[6]
set_status(ag, status, ARGV[7])
if ARGV[8] ~= '' or ARGV[9] ~= '' then redis.call('HSET', KEYS[2], 'rkind', ARGV[8], 'rnote', ARGV[9]) end
if status == 'available' then
  redis.call('HSET', KEYS[2], 'noans', '0')
  if ag.tload == 0 then
    ag.idle = S(NOW)
    redis.call('HSET', KEYS[2], 'idle', ag.idle)
  end
  refresh(ag)
  pull(ag)
elseif status == 'offline' then
  local held = redis.call('HGETALL', KEYS[3])
  local requeued = {}
  for i = 1, #held, 2 do
    if string.sub(held[i + 1], 1, 1) == 'o' then
      local ct = contact(held[i])
      if ct and ct.state == 'offered' and ct.oagent == ag.id then
        local oid = ct.oid
        end_offer(ct, 'offer_returned', 'agent logged out', 0)
        emit('revoke', ag, ct.id, oid, 'session_ended')
        table.insert(requeued, ct)
      end
    end
  end
  ag = load_agent(ag.id)
  refresh(ag)
  for _, ct in ipairs(requeued) do match_contact(ct) end
else
  refresh(ag)
end
-- Back from offline: flagged contacts it could serve are no longer dead letters (includes/deadletter.lua).
if status ~= 'offline' then dl_rescue(ag) end
return { 'ok', EV }
