-- claim_writeback.lua: claims completed contacts due for write-back to the CRM. Each claimed id is
-- pushed to now + lease, so another node takes it only if this one fails to confirm in time; the
-- CRM write itself is idempotent on the contact id, so a retry never duplicates.
-- KEYS: 1 the fence (see includes/keys.lua)
--       and last the tenant's fixed keys it uses: wb
-- ARGV: 1 now (ms), 2 lease (ms), 3 batch size
-- Returns: the claimed contact ids; ClaimWriteBackScript.Decode
--- @include "keys"
local ids = redis.call('ZRANGEBYSCORE', key('wb'), '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local leased = string.format('%.0f', tonumber(ARGV[1]) + tonumber(ARGV[2]))
for _, id in ipairs(ids) do redis.call('ZADD', key('wb'), leased, id) end
return ids
