-- outbound_queue.lua: queues one outbound delivery (an agent's reply or an outreach) in its
-- channel's outbox. Idempotent by the source record: a delivery already queued for it is answered,
-- not queued again. A reply is queued only while its contact is assigned to the replying agent.
-- KEYS: 1 the fence (see includes/keys.lua), 2 delivery, 3 the channel's outbox, 4 the source
--       record (dsx:), and for a reply 5 contact, 6 contact's timeline
-- ARGV: 1-3 see includes/context.lua, 4 delivery id, 5 channel, 6 to, 7 conversation, 8 contact id,
--       9 customer id, 10 text, 11 attachment refs (newline-separated), 12 agent, 13 kind (reply|outreach),
--       14 why this channel, 15 source record TTL (ms)
-- Returns: { 'queued', delivery id } | { 'existing', delivery id } | { 'not_assigned', contact state };
--          OutboundQueueScript.Decode
--- @include "outbound"
local id, cid, agent = ARGV[4], ARGV[8], ARGV[12]
local existing = redis.call('GET', KEYS[4])
if existing then return { 'existing', existing } end
if cid ~= '' then
  local f = redis.call('HMGET', KEYS[5], 'state', 'agent')
  if f[1] ~= 'assigned' or f[2] ~= agent then return { 'not_assigned', f[1] or 'not_found' } end
end
redis.call('HSET', KEYS[2], 'id', id, 'ch', ARGV[5], 'to', ARGV[6], 'conv', ARGV[7], 'contact', cid, 'cust', ARGV[9],
  'text', ARGV[10], 'att', ARGV[11], 'agent', agent, 'kind', ARGV[13], 'why', ARGV[14], 'state', 'queued', 'attempt', '0', 'qat', ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[1], id)
redis.call('SET', KEYS[4], id, 'PX', ARGV[15])
delivery_timeline(cid, 'reply_queued', agent, 'on ' .. ARGV[5] .. ': ' .. ARGV[14], { 'delivery', id, 'channel', ARGV[5] })
return { 'queued', id }
