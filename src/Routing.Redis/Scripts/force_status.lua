-- force_status.lua: a supervisor sets a connected agent away (with a reason code: pending offers
-- stay until answered or expired, as when the agent goes away itself) or logs it out: offers go
-- back in line at once and to other agents, assignments follow the disconnect rules (back after
-- the reconnect grace unless their channel stays with the agent), and the desk is told
-- ("logout" event: StatusChanged OFFLINE, then its stream ends).
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings
--       and last the tenant's fixed keys it uses: gr, ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 status (away / offline), 6 reason code,
--       7 reason kind (away / wrap_up), 8 note, 9 supervisor
-- Returns: code, offers returned, events; ForceStatusScript.Decode
--- @include "supervised"
--- @include "presence"
local ag = load_agent(ARGV[4])
if not ag then return { 'agent_not_found', 0, EV } end
if ag.conn ~= '1' then return { 'agent_not_connected', 0, EV } end
local by = ARGV[9]
if ARGV[5] == 'away' then
  set_status(ag, 'away', ARGV[6])
  set_reason(ag, ARGV[7], ARGV[8], by)
  refresh(ag)
  emit('status', ag, '', '', 'away', ARGV[6], by)
  return { 'ok', 0, EV }
end
local held = redis.call('HLEN', KEYS[3])
set_status(ag, 'offline', ARGV[6])
set_reason(ag, ARGV[7], ARGV[8], by)
local node, sess = ag.node, ag.sess
ag = disconnect(ag, 'agent logged out by supervisor ' .. by)
local returned = held - redis.call('HLEN', KEYS[3])
ag.node, ag.sess = node, sess
emit('logout', ag, '', '', ARGV[6], by)
return { 'ok', returned, EV }
