-- disconnect.lua: the agent's stream ended (or its heartbeats stopped). Offers go back in line at
-- once; assignments wait for the reconnect grace (see sweep.lua). A stale session changes nothing.
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings
--       and last the tenant's fixed keys it uses: gr, ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session
-- Returns: code, events; DisconnectScript.Decode
--- @include "presence"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', EV } end
disconnect(ag, 'agent disconnected')
return { 'ok', EV }
