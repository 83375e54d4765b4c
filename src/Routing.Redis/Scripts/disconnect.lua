-- disconnect.lua: the agent's stream ended (or its heartbeats stopped). Offers go back in line at
-- once; assignments wait for the reconnect grace (see sweep.lua). A stale session changes nothing.
-- ARGV: 1-4 see lib.lua, 5 agent, 6 session
-- Returns: code, events
local ag = session(ARGV[5], ARGV[6])
if not ag then return { 'stale_session', EV } end
disconnect(ag, 'agent disconnected')
return { 'ok', EV }
