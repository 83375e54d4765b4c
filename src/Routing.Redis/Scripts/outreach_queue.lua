-- outreach_queue.lua: queues one outreach message (a system's message to a customer, outside a
-- conversation they started) under the customer's communication limits and quiet hours, atomically:
-- the check and the count are one step, so two nodes sending at once never exceed a limit.
-- In order: a (source, external id) sent before is answered with its delivery ('existing'); the
-- same content to the same customer within the duplicate window is answered with the first
-- delivery ('duplicate'); then the earliest time inside an open period (outside quiet hours) at
-- which one more message breaks no limit (Routing.Core.Outbound.OutreachSchedule is the same
-- search, pinned by tests). Now: queued in the channel's outbox. Later because of quiet hours, or
-- because of a limit when the caller asked to defer: the delivery waits in odx until then
-- (outreach_release.lua) with its place already counted. Otherwise refused ('limited', with when).
-- KEYS: 1 the fence (see includes/keys.lua), 2 delivery, 3 the channel's outbox, 4 the source
--       record (dsx:), 5 the customer's sent and reserved outreach (ol:), 6 the customer's content
--       hashes (oh:), and last the tenant's fixed keys it uses: odx
-- ARGV: 1-3 see includes/context.lua, 4 delivery id, 5 channel, 6 to, 7 conversation, 8 customer id,
--       9 text, 10 attachment refs (newline-separated), 11 why this channel, 12 source record TTL (ms),
--       13 content hash, 14 duplicate window (ms, 0 none), 15 defer (1 when a limit may defer),
--       16 limits "count:window ms,..." , 17 open periods "start ms:end ms,..." in order
-- Returns: { 'queued', id, at } | { 'deferred', id, at, 'quiet_hours'|'communication_limit' }
--          | { 'existing', id } | { 'duplicate', id } | { 'limited', at or '' }; OutreachScripts.DecodeQueue
--- @include "keys"
--- @include "context"
local id, hash, dupw = ARGV[4], ARGV[13], tonumber(ARGV[14])
local existing = redis.call('GET', KEYS[4])
if existing then return { 'existing', existing } end
if dupw > 0 then
  local seen = redis.call('HGET', KEYS[6], hash)
  if seen then
    local bar = string.find(seen, '|', 1, true)
    if bar and tonumber(string.sub(seen, bar + 1)) > NOW then return { 'duplicate', string.sub(seen, 1, bar - 1) } end
  end
end

local limits, widest = {}, 0
for n, w in string.gmatch(ARGV[16], '(%d+):(%d+)') do
  n, w = tonumber(n), tonumber(w)
  if n > 0 and w > 0 then
    table.insert(limits, { n, w })
    if w > widest then widest = w end
  end
end
local periods = {}
for s, e in string.gmatch(ARGV[17], '(%d+):(%d+)') do table.insert(periods, { tonumber(s), tonumber(e) }) end
if widest > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', '(' .. S(NOW - widest)) end

-- The earliest t >= NOW inside a period where every limit has fewer than n messages in (t - w, t + w).
local function earliest(check)
  local t = NOW
  for _ = 1, 64 do
    local open
    for _, p in ipairs(periods) do
      if p[2] > t then open = p; break end
    end
    if not open then return nil end
    if t < open[1] then t = open[1] end
    local nxt
    if check then
      for _, l in ipairs(limits) do
        local n, w = l[1], l[2]
        local inw = redis.call('ZRANGEBYSCORE', KEYS[5], '(' .. S(t - w), '(' .. S(t + w), 'WITHSCORES')
        local count = #inw / 2
        if count >= n then
          local past = {}
          for i = 2, #inw, 2 do
            local at = tonumber(inw[i])
            if at <= t then table.insert(past, at) end
          end
          local cand
          if #past >= n then cand = past[#past - n + 1] + w else cand = tonumber(inw[#inw]) + w end
          if not nxt or cand > nxt then nxt = cand end
        end
      end
    end
    if not nxt then return t end
    t = nxt
  end
  return nil
end

local at = earliest(true)
if not at then return { 'limited', '' } end
local hold = ''
if at > NOW then
  if at == earliest(false) then hold = 'quiet_hours'
  elseif ARGV[15] == '1' then hold = 'communication_limit'
  else return { 'limited', S(at) } end
end

local dk = KEYS[2]
redis.call('HSET', dk, 'id', id, 'ch', ARGV[5], 'to', ARGV[6], 'conv', ARGV[7], 'contact', '', 'cust', ARGV[8],
  'text', ARGV[9], 'att', ARGV[10], 'agent', '', 'kind', 'outreach', 'why', ARGV[11], 'attempt', '0', 'qat', S(at))
if hold == '' then
  redis.call('HSET', dk, 'state', 'queued')
  redis.call('ZADD', KEYS[3], S(at), id)
else
  redis.call('HSET', dk, 'state', 'deferred', 'hold', hold)
  redis.call('ZADD', key('odx'), S(at), id)
end
redis.call('SET', KEYS[4], id, 'PX', ARGV[12])
redis.call('ZADD', KEYS[5], S(at), id)
if widest > 0 then
  local last = redis.call('ZRANGE', KEYS[5], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[5], S(tonumber(last[2]) - NOW + widest))
else
  redis.call('PEXPIRE', KEYS[5], S(at - NOW + 60000))
end
if dupw > 0 then
  redis.call('HSET', KEYS[6], hash, id .. '|' .. S(NOW + dupw))
  redis.call('PEXPIRE', KEYS[6], S(dupw))
end
if hold == '' then return { 'queued', id, S(at) } end
return { 'deferred', id, S(at), hold }
