-- enqueue.lua: accepts one inbound contact atomically and routes it. See ContactQueueStore.EnqueueAsync.
-- Either (a) the (channel, external id) was seen before: answer with that contact ("duplicate");
-- or (b) the contact would wait in a queue already holding its limit of waiting contacts: answer
-- "queue_full" having written nothing (no idempotency record either, so a later retry can pass);
-- or (c) the customer's conversation is open and their contact on the same channel is still
-- waiting: append the message to it ("merged"; a merge adds no waiting contact, so a full queue
-- does not refuse it); or (d) write the contact, its CRM snapshot (once per thread and version:
-- contacts routed with the same snapshot share it; see ContactHash), its queue entry, idempotency record, conversation membership, journey and timeline ("queued";
-- a contact joining the customer's open conversation is "threaded" into it first),
-- then offer it: to the conversation's agent (affinity) or the CRM's preferred / last agent if
-- logged in (offer now, or a bounded wait for that agent), else to the queue's best free agent.
-- The journey forgets contacts older than the retention; the thread, journey and conversation live
-- the conversation window plus the retention past their last write (includes/retention.lua).
--
-- KEYS: 1 the fence (see includes/keys.lua), 2 external-id record, 3 customer thread, 4 new contact,
--       5 queue, 6 queue and channel, 7 journey, 8 new contact's timeline, 9 new conversation,
--       10 new conversation's contacts, 11 free agents of the queue and channel, 12 new contact's
--       decline cool-downs, 13 the CRM snapshot of this version, 14.. the preferred and last agents'
--       hashes, holdings and waiting sets (EnqueueScript builds them)
--       and last the tenant's fixed keys it uses: ox, aqx, qc, queues, esc, hx, dlx, cbx
-- ARGV: 1-3 see includes/context.lua, 4 new contact id, 5 new conversation id, 6 conversation
--       window (ms), 7 merge allowed (1/0), 8 channel, 9 idempotency TTL (s), 10 queue score,
--       11 queue name, 12 thread key, 13 customer id, 14 'received' event, 15 'queued' event,
--       16 merged message, 17 'merged' event, 18 preferred agent, 19 last agent,
--       20 most contacts the queue may hold waiting (0 = no limit), 21 the CRM snapshot (JSON),
--       22.. contact hash field/value pairs
-- Returns: outcome, contact id, conversation, queue, priority, position, state, new conversation,
--          customer id, partial CRM flag, rule, events (see includes/events.lua), outside-hours
--          handling, opens at (ms), closed queue (includes/hours.lua), parallel routing ('offered' /
--          'waiting' for the agent holding the conversation's offer, includes/bundle.lua, else ''),
--          callback window start, end and due time (ms, 0 when not a callback; includes/callback.lua);
--          EnqueueScript.Decode.
--          A full queue: outcome 'queue_full' with only the queue set.
--- @include "match"
--- @include "retention"
--- @include "escalate"
--- @include "hours"
--- @include "callback"
local EXTERNAL, THREAD, CONTACT, QUEUE, QUEUE_CHANNEL, JOURNEY, TIMELINE, NEW_CONV, NEW_CONV_CONTACTS, SNAPSHOT =
  KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[13]
local id, channel = ARGV[4], ARGV[8]

-- Parallel contacts (includes/bundle.lua): 'offered' when bundled into the offer of the agent holding
-- the conversation's other contact, 'waiting' when waiting for that agent; '' otherwise.
local PAR = ''

-- The reply about contact cid; f: its fields 'conv', 'queue', 'prio', 'state', 'cust', 'crmp', 'rule',
-- 'oh', 'oha', 'ohq', 'cbs', 'cbe', 'cbd' in that order (read from its hash when not given).
local function receipt(outcome, cid, newConversation, f)
  f = f or redis.call('HMGET', key('c:' .. cid), 'conv', 'queue', 'prio', 'state', 'cust', 'crmp', 'rule', 'oh', 'oha', 'ohq', 'cbs', 'cbe', 'cbd')
  local position = 0
  if f[4] == 'queued' then
    position = queue_position(key('q:' .. f[2]), cid)
  end
  return { outcome, cid, f[1] or '', f[2] or '', f[3] or '0', position, f[4] or '', newConversation, f[5] or '', f[6] or '0', f[7] or '', EV, f[8] or '', f[9] or '0', f[10] or '', PAR, f[11] or '0', f[12] or '0', f[13] or '0' }
end

local existing = redis.call('GET', EXTERNAL)
if existing then
  return receipt('duplicate', existing, 0)
end

local conv = redis.call('HGET', THREAD, 'conv')
local last = tonumber(redis.call('HGET', THREAD, 'last') or '0')
local opensConversation = (not conv) or (NOW - last > tonumber(ARGV[6]))

-- The waiting contact on this channel a message would merge into, if any (read only: nothing is written before admission).
local mergeInto
if (not opensConversation) and ARGV[7] == '1' then
  local waiting = redis.call('HGET', THREAD, 'w:' .. channel)
  if waiting then
    local w = redis.call('HMGET', key('c:' .. waiting), 'state', 'conv')
    if w[1] == 'queued' and w[2] == conv then mergeInto = waiting end
  end
end

-- Admission control: ZCARD is O(1); a refused contact leaves no trace, not even its external id.
local maxWaiting = tonumber(ARGV[20]) or 0
if (not mergeInto) and maxWaiting > 0 then
  if redis.call('ZCARD', QUEUE) >= maxWaiting then
    return { 'queue_full', '', '', ARGV[11], '0', 0, '', 0, '', '0', '', EV }
  end
end

local newConversation = 0
local convKey
if opensConversation then
  conv = ARGV[5]
  newConversation = 1
  convKey = NEW_CONV
  redis.call('HSET', THREAD, 'conv', conv)
  redis.call('HSET', convKey, 'id', conv, 'thread', ARGV[12], 'cust', ARGV[13], 'opened', ARGV[1], 'status', 'open')
else
  convKey = key('v:' .. conv)
end
redis.call('HSET', THREAD, 'last', ARGV[1])
redis.call('HSET', convKey, 'last', ARGV[1])
local keep = tonumber(ARGV[6]) + C.ret
extend_ttl(THREAD, keep)
extend_ttl(convKey, keep)

if mergeInto then
  local wk = key('c:' .. mergeInto)
  redis.call('HINCRBY', wk, 'msgs', 1)
  redis.call('RPUSH', wk .. ':msgs', ARGV[16])
  redis.call('RPUSH', wk .. ':tl', ARGV[17])
  redis.call('SET', EXTERNAL, mergeInto, 'EX', ARGV[9])
  return receipt('merged', mergeInto, 0)
end

redis.call('HSET', CONTACT, 'conv', conv, unpack(ARGV, 22, #ARGV))
-- What was just written, field = value (a field at its default is left out, so absent here too):
-- the rest of the script answers from it instead of reading the hash back (a listpack: every read
-- is a scan, a missing field the whole of it). A repeated field keeps its last value, as in HSET.
local W = { conv = conv }
for i = 22, #ARGV - 1, 2 do W[ARGV[i]] = ARGV[i + 1] end
-- A callback's customer data stays findable (export, erasure) until its window has ended and the retention after it.
local callbackEnd = tonumber(W.cbe or '0') or 0
if callbackEnd > NOW then
  keep = keep + (callbackEnd - NOW)
  extend_ttl(THREAD, keep)
  extend_ttl(convKey, keep)
end
-- The snapshot lives as long as the thread (and, through retain, the retention past its contacts).
if not redis.call('SET', SNAPSHOT, ARGV[21], 'NX', 'PX', S(keep)) then extend_ttl(SNAPSHOT, keep) end
-- Outside business hours: held until opening or answered closed, not in line (includes/hours.lua);
-- a callback due later waits for its time, not in line either (includes/callback.lua).
local outside = hours_hold(id, W) or callback_hold(id, W)
if not outside then
  waiting_in(ARGV[11], channel, redis.call('ZADD', QUEUE, ARGV[10], id))
  fig(ARGV[11], channel, 'in', 1)
  redis.call('ZADD', QUEUE_CHANNEL, ARGV[10], id)
  dl_arm(id, W)
end
redis.call('SADD', key('queues'), ARGV[11])
redis.call('SET', EXTERNAL, id, 'EX', ARGV[9])
if ARGV[7] == '1' and not outside then
  redis.call('HSET', THREAD, 'w:' .. channel, id)
end
redis.call('RPUSH', newConversation == 1 and NEW_CONV_CONTACTS or key('v:' .. conv .. ':c'), id)
redis.call('ZADD', JOURNEY, ARGV[1], id)
redis.call('ZREMRANGEBYSCORE', JOURNEY, '-inf', '(' .. S(NOW - C.ret))
extend_ttl(JOURNEY, keep)
extend_ttl(newConversation == 1 and NEW_CONV_CONTACTS or key('v:' .. conv .. ':c'), keep)
redis.call('RPUSH', TIMELINE, ARGV[14])
hours_note(id, W)
callback_note(id, ARGV[11], W)
-- The new contact's receipt fields; its state is the one it has when the script ends.
local function written_receipt(state)
  return receipt('queued', id, newConversation,
    { conv, W.queue, W.prio, state, W.cust, W.crmp, W.rule, W.oh, W.oha, W.ohq, W.cbs, W.cbe, W.cbd })
end
if outside then return written_receipt(outside) end

local targets = {}
if newConversation == 0 then
  local agent = redis.call('HGET', convKey, 'agent')
  timeline(id, 'threaded', '', agent or '', 'joined the open conversation ' .. conv)
  if agent and agent ~= '' then table.insert(targets, { agent, 'affinity', C.affw }) end
end
redis.call('RPUSH', TIMELINE, ARGV[15])
table.insert(targets, { ARGV[18], 'preferred', C.prefw })
table.insert(targets, { ARGV[19], 'last', C.prefw })
schedule_escalation(id, W)
-- Parallel contacts: to the agent another contact of the conversation is offered to (includes/bundle.lua).
-- The contact as contact() (includes/contact.lua) would read it back: nothing has changed it since it
-- was written (not held, not scheduled), and no offer fields are set yet.
local ct = { id = id, state = W.state, queue = W.queue, ch = W.ch, score = W.score, skills = W.skills, conv = conv,
  thread = W.thread, oid = '', oagent = '', oexp = 0, aff = '', affr = '', agent = '', cust = W.cust or '',
  prio = W.prio or '0', enq = W.enq or '', offered = '', accepted = '', wq = '', minp = tonumber(W.minp or '0') or 0,
  crmv = W.crmv or '' }
PAR = bundle_route(ct, offer) or ''
if PAR == '' then route(ct, targets) end
-- An offer (offer.lua) sets ct.state; a wait for one agent leaves it queued.
return written_receipt(ct.state)
