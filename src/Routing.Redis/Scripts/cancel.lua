-- cancel.lua: removes a waiting contact (the customer abandoned it). See ContactQueueStore.CancelAsync.
-- Only a queued contact can be cancelled; any other state is answered, not changed.
--
-- KEYS: 1 contact, 2 contact's timeline
-- ARGV: 1 prefix, 2 contact id, 3 now (ms), 4 'cancelled' event
local f = redis.call('HMGET', KEYS[1], 'state', 'queue', 'thread', 'ch')
if not f[1] then
  return { 'not_found', '', '' }
end
if f[1] ~= 'queued' then
  return { 'bad_state', f[1], f[4] or '' }
end
redis.call('ZREM', ARGV[1] .. 'q:' .. f[2], ARGV[2])
redis.call('HSET', KEYS[1], 'state', 'cancelled', 'ended', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[4])
local thread = ARGV[1] .. 't:' .. f[3]
if redis.call('HGET', thread, 'w:' .. f[4]) == ARGV[2] then
  redis.call('HDEL', thread, 'w:' .. f[4])
end
return { 'cancelled', 'queued', f[4] }
