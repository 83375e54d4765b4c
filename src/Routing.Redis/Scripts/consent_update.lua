-- consent_update.lua: records one consent change of a customer on one channel, so that it wins over
-- the CRM's consent on every node at once, and queues it for the CRM write-back, in one step (a
-- change is never applied without being queued). An older change than the one held is ignored.
-- KEYS: 1 the fence (see includes/keys.lua), 2 the customer's consent overrides (cs:{customer})
--       and last the tenant's fixed keys it uses: csw
-- ARGV: 1 now (ms), 2 customer id, 3 channel, 4 1 opted in or 0 opted out, 5 change time (ms)
-- Returns: 1 applied, 0 older than the change held; ConsentStore
--- @include "keys"
local held = redis.call('HGET', KEYS[2], ARGV[3])
if held then
  local at = tonumber(string.match(held, '|(%d+)$'))
  if at and at > tonumber(ARGV[5]) then return 0 end
end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4] .. '|' .. ARGV[5])
redis.call('ZADD', key('csw'), ARGV[1], ARGV[2] .. '|' .. ARGV[3])
return 1
