-- connect.lua: an agent session starts (hello). A live session of the same agent elsewhere is
-- replaced (event "replaced" to its node); offers still pending go back in line; assignments
-- survive and are returned for the welcome; the agent then pulls work if available.
-- ARGV: 1-4 see lib.lua, 5 agent, 6 session, 7 display name, 8 queues "q:prof:primary,...",
--       9 total capacity, 10 channels that stay with the agent on disconnect, 11 initial status,
--       12.. "c:{channel}" capacity and "b:{channel}" blocked channels field/value pairs
-- Returns: 'ok', resumed contact ids, events
local a = ARGV[5]
local key = P .. 'a:' .. a
local old = load_agent(a)
if old then
  if old.conn == '1' then emit('replaced', old, '', '', ARGV[6]) end
  old.status = 'offline'
  refresh(old)
  -- The new hello may serve other queues and channels: membership starts again from nothing.
  old.el, old.es = '', ''
  redis.call('SREM', P .. 'na:' .. (old.node or ''), a)
  local drop = {}
  for k, _ in pairs(old.cap) do table.insert(drop, 'c:' .. k) end
  for k, _ in pairs(old.blk) do table.insert(drop, 'b:' .. k) end
  if #drop > 0 then redis.call('HDEL', key, unpack(drop)) end
end
redis.call('HSET', key, 'id', a, 'name', ARGV[7], 'sess', ARGV[6], 'node', NODE, 'conn', '1', 'queues', ARGV[8],
  'total', ARGV[9], 'keep', ARGV[10], 'status', ARGV[11], 'reason', '', 'since', ARGV[2], 'noans', '0', 'gone', '')
redis.call('HSET', key, unpack(ARGV, 12, #ARGV))
redis.call('ZREM', P .. 'gr', a)
redis.call('SADD', P .. 'na:' .. NODE, a)
redis.call('SADD', P .. 'agents', a)
local ag = load_agent(a)
if ag.tload == 0 or not ag.idle then
  redis.call('HSET', key, 'idle', ARGV[2])
end

local resumed, requeued = {}, {}
local held = redis.call('HGETALL', P .. 'ah:' .. a)
for i = 1, #held, 2 do
  local kind = string.sub(held[i + 1], 1, 1)
  if kind == 'o' then
    local ct = contact(held[i])
    if ct and ct.state == 'offered' and ct.oagent == a then
      end_offer(ct, 'offer_returned', 'agent reconnected', 0)
      table.insert(requeued, ct)
    end
  elseif kind == 'a' then
    table.insert(resumed, held[i])
  end
end
ag = load_agent(a)
refresh(ag)
for _, ct in ipairs(requeued) do match_contact(ct) end
ag = load_agent(a)
pull(ag)
return { 'ok', resumed, EV }
