-- enqueue.lua: accepts one inbound contact atomically and routes it. See ContactQueueStore.EnqueueAsync.
-- Either (a) the (channel, external id) was seen before: answer with that contact ("duplicate");
-- or (b) the customer's conversation is open and their contact on the same channel is still
-- waiting: append the message to it ("merged"); or (c) write the contact, its CRM snapshot, its
-- queue entry, idempotency record, conversation membership, journey and timeline ("queued"),
-- then offer it: to the conversation's agent (affinity) or the CRM's preferred / last agent if
-- logged in (offer now, or a bounded wait for that agent), else to the queue's best free agent.
--
-- KEYS: 1 external-id record, 2 customer thread, 3 new contact, 4 queue, 5 queue names,
--       6 journey, 7 new contact's timeline
-- ARGV: 1-4 see lib.lua, 5 new contact id, 6 new conversation id, 7 conversation window (ms),
--       8 merge allowed (1/0), 9 channel, 10 idempotency TTL (s), 11 queue score, 12 queue name,
--       13 thread key, 14 customer id, 15 'received' event, 16 'queued' event,
--       17 merged message, 18 'merged' event, 19 preferred agent, 20 last agent,
--       21.. contact hash field/value pairs
-- Returns: outcome, contact id, conversation, queue, priority, position, state, new conversation,
--          customer id, partial CRM flag, rule, events (see lib.lua emit)

local function receipt(outcome, id, newConversation)
  local f = redis.call('HMGET', P .. 'c:' .. id, 'conv', 'queue', 'prio', 'state', 'cust', 'crmp', 'rule')
  local position = 0
  if f[4] == 'queued' then
    local rank = redis.call('ZRANK', P .. 'q:' .. f[2], id)
    if rank then position = rank + 1 end
  end
  return { outcome, id, f[1] or '', f[2] or '', f[3] or '0', position, f[4] or '', newConversation, f[5] or '', f[6] or '0', f[7] or '', EV }
end

local existing = redis.call('GET', KEYS[1])
if existing then
  return receipt('duplicate', existing, 0)
end

local conv = redis.call('HGET', KEYS[2], 'conv')
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
local newConversation = 0
if (not conv) or (NOW - last > tonumber(ARGV[7])) then
  conv = ARGV[6]
  newConversation = 1
  redis.call('HSET', KEYS[2], 'conv', conv)
  redis.call('HSET', P .. 'v:' .. conv, 'id', conv, 'thread', ARGV[13], 'cust', ARGV[14], 'opened', ARGV[2], 'status', 'open')
end
redis.call('HSET', KEYS[2], 'last', ARGV[2])
redis.call('HSET', P .. 'v:' .. conv, 'last', ARGV[2])

if newConversation == 0 and ARGV[8] == '1' then
  local waiting = redis.call('HGET', KEYS[2], 'w:' .. ARGV[9])
  if waiting then
    local key = P .. 'c:' .. waiting
    local w = redis.call('HMGET', key, 'state', 'conv')
    if w[1] == 'queued' and w[2] == conv then
      redis.call('HINCRBY', key, 'msgs', 1)
      redis.call('RPUSH', key .. ':msgs', ARGV[17])
      redis.call('RPUSH', key .. ':tl', ARGV[18])
      redis.call('SET', KEYS[1], waiting, 'EX', ARGV[10])
      return receipt('merged', waiting, 0)
    end
  end
end

local id = ARGV[5]
local queue = ARGV[12]
redis.call('HSET', KEYS[3], 'conv', conv, unpack(ARGV, 21, #ARGV))
redis.call('ZADD', KEYS[4], ARGV[11], id)
redis.call('ZADD', KEYS[4] .. ':' .. ARGV[9], ARGV[11], id)
redis.call('SADD', KEYS[5], queue)
redis.call('SET', KEYS[1], id, 'EX', ARGV[10])
if ARGV[8] == '1' then
  redis.call('HSET', KEYS[2], 'w:' .. ARGV[9], id)
end
redis.call('RPUSH', P .. 'v:' .. conv .. ':c', id)
redis.call('ZADD', KEYS[6], ARGV[2], id)
redis.call('RPUSH', KEYS[7], ARGV[15], ARGV[16])

local targets = {}
if newConversation == 0 then
  local agent = redis.call('HGET', P .. 'v:' .. conv, 'agent')
  if agent and agent ~= '' then table.insert(targets, { agent, 'affinity', C.affw }) end
end
table.insert(targets, { ARGV[19], 'preferred', C.prefw })
table.insert(targets, { ARGV[20], 'last', C.prefw })
route(contact(id), targets)
return receipt('queued', id, newConversation)
