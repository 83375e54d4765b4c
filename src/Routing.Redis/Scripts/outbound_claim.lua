-- outbound_claim.lua: a gateway stream takes up to a number of queued deliveries of its channels
-- (the oldest of each outbox first, taking from the channels in turn). Each taken delivery is
-- in flight until acknowledged or until its deadline, when the sweep puts it back (outbound_sweep.lua).
-- Removing it from the outbox inside this script is the claim: two streams never take the same one.
-- KEYS: 1 the fence (see includes/keys.lua), 2..n-1 the outboxes of the stream's channels,
--       and last the tenant's fixed keys it uses: dif
-- ARGV: 1-3 see includes/context.lua, 4 at most this many, 5 ack deadline (Unix ms), 6 stream id
-- Returns: per delivery { id, channel, to, conversation, contact, customer, text, attachments, attempt, kind };
--          OutboundClaimScript.Decode
--- @include "keys"
--- @include "context"
local max, taken, out = tonumber(ARGV[4]), 0, {}
local more = true
while taken < max and more do
  more = false
  for i = 2, #KEYS - 1 do
    if taken >= max then break end
    local ids = redis.call('ZRANGE', KEYS[i], 0, 0)
    if #ids > 0 then
      more = true
      local id = ids[1]
      redis.call('ZREM', KEYS[i], id)
      local dk = key('d:' .. id)
      local f = redis.call('HMGET', dk, 'state', 'ch', 'to', 'conv', 'contact', 'cust', 'text', 'att', 'attempt', 'kind')
      if f[1] == 'queued' then
        local attempt = tonumber(f[9] or '0') + 1
        redis.call('HSET', dk, 'state', 'inflight', 'attempt', attempt, 'stream', ARGV[6], 'node', NODE, 'ackby', ARGV[5])
        redis.call('ZADD', key('dif'), ARGV[5], id)
        table.insert(out, { id, f[2], f[3], f[4], f[5], f[6], f[7], f[8], attempt, f[10] })
        taken = taken + 1
      end
    end
  end
end
return out
