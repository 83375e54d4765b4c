-- outbound.lua: deliveries "d:{delivery}" (hash), the outbox per channel "do:{channel}" (queued, by
-- the time queued) and the tenant's in-flight set "dif" (handed to a gateway stream, by ack deadline).
-- A delivery is in exactly one of: an outbox (queued), dif (inflight), neither (accepted, delivered, failed).
--- @include "timeline"

-- Appends to the timeline of the delivery's contact, if it has one and the contact still exists
-- (a timeline never outlives its contact: RPUSH on an expired one would recreate it without TTL).
local function delivery_timeline(cid, kind, agent, detail, extra)
  if cid and cid ~= '' and redis.call('EXISTS', key('c:' .. cid)) == 1 then
    timeline(cid, kind, '', agent, detail, extra)
  end
end
