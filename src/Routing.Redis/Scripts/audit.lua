-- audit.lua: appends one entry to the tenant's audit trail and drops the entries older than the
-- audit retention, in one step, so the trail never outgrows its retention.
-- KEYS: 1 the fence (see includes/keys.lua)
--       and last the tenant's fixed keys it uses: audit
-- ARGV: 1 time of the entry (ms), 2 oldest time kept (ms), 3 the entry (JSON, unique by its id)
-- Returns: the number of entries kept; AuditScript
--- @include "keys"
redis.call('ZADD', key('audit'), ARGV[1], ARGV[3])
redis.call('ZREMRANGEBYSCORE', key('audit'), '-inf', '(' .. ARGV[2])
return redis.call('ZCARD', key('audit'))
