-- outbound_sweep.lua: deliveries whose ack deadline passed go back to the front of their outbox
-- (by the time first queued), for any gateway stream of the channel on any node (at-least-once:
-- the gateway that held it may have crashed, lost its stream, or its node died). Claimed by
-- removing them from dif inside this script, so two nodes sweeping never put one back twice.
-- KEYS: 1 the fence (see includes/keys.lua), and last the tenant's fixed keys it uses: dif
-- ARGV: 1-3 see includes/context.lua, 4 batch size
-- Returns: { deliveries put back, channels with new work (one entry each) }; OutboundSweepScript.Decode
--- @include "outbound"
local items = redis.call('ZRANGEBYSCORE', key('dif'), '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))
local back, seen, channels = 0, {}, {}
for _, id in ipairs(items) do
  redis.call('ZREM', key('dif'), id)
  local dk = key('d:' .. id)
  local f = redis.call('HMGET', dk, 'state', 'ch', 'qat', 'contact', 'agent', 'attempt')
  if f[1] == 'inflight' then
    redis.call('HSET', dk, 'state', 'queued')
    redis.call('HDEL', dk, 'stream', 'ackby')
    redis.call('ZADD', key('do:' .. f[2]), f[3], id)
    delivery_timeline(f[4], 'reply_redelivering', f[5], 'no acknowledgement of attempt ' .. (f[6] or '0') .. ' on ' .. f[2] .. ' in time', { 'delivery', id, 'channel', f[2] })
    back = back + 1
    if not seen[f[2]] then seen[f[2]] = true; table.insert(channels, f[2]) end
  end
end
return { back, channels }
