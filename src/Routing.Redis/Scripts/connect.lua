-- connect.lua: an agent session starts (hello). A live session of the same agent elsewhere is
-- replaced (event "replaced" to its node); offers still pending go back in line; assignments
-- survive and are returned for the welcome; the agent then pulls work if available.
-- KEYS: 1 the fence (see includes/keys.lua), 2 this node's agents, 3 agent, 4 agent's holdings,
--       5 agent's waiting contacts, 6.. per queue of the hello: the queue, then per channel the
--       queue's waiting contacts and free agents of that channel (ConnectScript builds them)
--       and last the tenant's fixed keys it uses: gr, agents, ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 display name, 7 queues
--       "q:prof:primary,...", 8 total capacity, 9 channels that stay with the agent on disconnect,
--       10 initial status, 11.. "c:{channel}" capacity and "b:{channel}" blocked channels pairs
-- Returns: 'ok', resumed contact ids, events; ConnectScript.Decode
--- @include "match"
local a = ARGV[4]
local NODE_AGENTS, AGENT, HOLDINGS = KEYS[2], KEYS[3], KEYS[4]
local old = load_agent(a)
if old then
  if old.conn == '1' then emit('replaced', old, '', '', ARGV[5]) end
  old.status = 'offline'
  refresh(old)
  -- The new hello may serve other queues and channels: membership starts again from nothing.
  old.el, old.es = '', ''
  redis.call('SREM', key('na:' .. (old.node or '')), a)
  dl_leave(old)
  local drop = {}
  for k, _ in pairs(old.cap) do table.insert(drop, 'c:' .. k) end
  for k, _ in pairs(old.blk) do table.insert(drop, 'b:' .. k) end
  if #drop > 0 then redis.call('HDEL', AGENT, unpack(drop)) end
end
redis.call('HSET', AGENT, 'id', a, 'name', ARGV[6], 'sess', ARGV[5], 'node', NODE, 'conn', '1', 'queues', ARGV[7],
  'total', ARGV[8], 'keep', ARGV[9], 'status', ARGV[10], 'reason', '', 'since', ARGV[1], 'noans', '0', 'gone', '',
  'rkind', '', 'rnote', '', 'rby', '')
redis.call('HSET', AGENT, unpack(ARGV, 11, #ARGV))
redis.call('ZREM', key('gr'), a)
redis.call('SADD', NODE_AGENTS, a)
redis.call('SADD', key('agents'), a)
local ag = load_agent(a)
dl_join(ag)
if ag.tload == 0 or not ag.idle then
  redis.call('HSET', AGENT, 'idle', ARGV[1])
end

local resumed, requeued = {}, {}
local held = redis.call('HGETALL', HOLDINGS)
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
-- Flagged contacts it could serve but was not offered (away, or full) are no longer dead letters.
dl_rescue(ag)
return { 'ok', resumed, EV }
