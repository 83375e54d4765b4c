-- enqueue.lua: accepts one inbound contact atomically. See ContactQueueStore.EnqueueAsync.
-- Either (a) the (channel, external id) was seen before: answer with that contact ("duplicate");
-- or (b) the customer's conversation is open and their contact on the same channel is still
-- waiting: append the message to it ("merged"); or (c) write the contact, its CRM snapshot, its
-- queue entry, idempotency record, conversation membership, journey and timeline ("queued").
-- Dynamic keys are built from ARGV[1], the tenant prefix, whose {tenant} hash tag keeps every
-- key of this script in one cluster slot.
--
-- KEYS: 1 external-id record, 2 customer thread, 3 new contact, 4 queue, 5 queue names,
--       6 journey, 7 new contact's timeline
-- ARGV: 1 prefix, 2 new contact id, 3 new conversation id, 4 now (ms), 5 conversation window (ms),
--       6 merge allowed (1/0), 7 channel, 8 idempotency TTL (s), 9 queue score, 10 queue name,
--       11 thread key, 12 customer id, 13 'received' event, 14 'queued' event,
--       15 merged message, 16 'merged' event, 17.. contact hash field/value pairs
local unpack = unpack or table.unpack
local prefix = ARGV[1]

local function receipt(outcome, id, newConversation)
  local f = redis.call('HMGET', prefix .. 'c:' .. id, 'conv', 'queue', 'prio', 'state', 'cust', 'crmp', 'rule')
  local position = 0
  if f[4] == 'queued' then
    local rank = redis.call('ZRANK', prefix .. 'q:' .. f[2], id)
    if rank then position = rank + 1 end
  end
  return { outcome, id, f[1] or '', f[2] or '', f[3] or '0', position, f[4] or '', newConversation, f[5] or '', f[6] or '0', f[7] or '' }
end

local existing = redis.call('GET', KEYS[1])
if existing then
  return receipt('duplicate', existing, 0)
end

local now = tonumber(ARGV[4])
local conv = redis.call('HGET', KEYS[2], 'conv')
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
local newConversation = 0
if (not conv) or (now - last > tonumber(ARGV[5])) then
  conv = ARGV[3]
  newConversation = 1
  redis.call('HSET', KEYS[2], 'conv', conv)
  redis.call('HSET', prefix .. 'v:' .. conv, 'id', conv, 'thread', ARGV[11], 'cust', ARGV[12], 'opened', ARGV[4], 'status', 'open')
end
redis.call('HSET', KEYS[2], 'last', ARGV[4])
redis.call('HSET', prefix .. 'v:' .. conv, 'last', ARGV[4])

if newConversation == 0 and ARGV[6] == '1' then
  local waiting = redis.call('HGET', KEYS[2], 'w:' .. ARGV[7])
  if waiting then
    local key = prefix .. 'c:' .. waiting
    local w = redis.call('HMGET', key, 'state', 'conv')
    if w[1] == 'queued' and w[2] == conv then
      redis.call('HINCRBY', key, 'msgs', 1)
      redis.call('RPUSH', key .. ':msgs', ARGV[15])
      redis.call('RPUSH', key .. ':tl', ARGV[16])
      redis.call('SET', KEYS[1], waiting, 'EX', ARGV[8])
      return receipt('merged', waiting, 0)
    end
  end
end

local id = ARGV[2]
redis.call('HSET', KEYS[3], 'conv', conv, unpack(ARGV, 17, #ARGV))
redis.call('ZADD', KEYS[4], ARGV[9], id)
redis.call('SADD', KEYS[5], ARGV[10])
redis.call('SET', KEYS[1], id, 'EX', ARGV[8])
if ARGV[6] == '1' then
  redis.call('HSET', KEYS[2], 'w:' .. ARGV[7], id)
end
redis.call('RPUSH', prefix .. 'v:' .. conv .. ':c', id)
redis.call('ZADD', KEYS[6], ARGV[4], id)
redis.call('RPUSH', KEYS[7], ARGV[13], ARGV[14])
return receipt('queued', id, newConversation)
