-- consent_confirm.lua: the CRM holds a consent change. It leaves the write-back set only if the
-- change held is still the one written (a newer change made meanwhile stays queued), or is gone.
-- KEYS: 1 the fence (see includes/keys.lua), 2 the customer's consent overrides (cs:{customer})
--       and last the tenant's fixed keys it uses: csw
-- ARGV: 1 customer id, 2 channel, 3 the value written ("1|ms" or "0|ms")
-- Returns: 1 confirmed, 0 a newer change waits; ConsentStore
--- @include "keys"
local held = redis.call('HGET', KEYS[2], ARGV[2])
if held and held ~= ARGV[3] then return 0 end
redis.call('ZREM', key('csw'), ARGV[1] .. '|' .. ARGV[2])
return 1
