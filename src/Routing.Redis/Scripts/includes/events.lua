-- events.lua: what the script decided that an agent's desk must hear, returned to the caller
-- (RoutingEventDecoder reads them). Each event is { kind, agent, node, session, contact, offer, a, b, c }:
--   offer    a = offer reason, b = reason detail, c = expiry (ms)
--   revoke   a = revoke reason (expired, cancelled, session_ended)
--   status   a = new status, b = reason code, c = who set it when not the agent (supervisor, "router")
--   logout   a = reason code, b = the supervisor who logged the agent out (the desk's stream ends)
--   profile  a = queues "q:prof:primary,...", b = capacities "channel:max,...", c = "total|supervisor"
--   replaced a = the new session id
--- @include "context"
local EV = {}

local function emit(kind, ag, cid, oid, a, b, c)
  table.insert(EV, { kind, ag.id, ag.node or '', ag.sess or '', cid or '', oid or '', a or '', b or '', c or '' })
end
