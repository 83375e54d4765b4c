-- agent_profile.lua: a supervisor replaces a connected agent's skills and capacity without a
-- reconnect. The agent leaves every free-agent index ("qa:") it was in and joins those of its new
-- queues and channels in the same step, then pulls work. What it holds stays; above its new
-- capacity it is offered nothing new until it is below (can_take).
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings, 4 agent's waiting
--       contacts, 5.. per new queue: the queue, then per channel the queue's waiting contacts and
--       free agents of that channel (AgentProfileScript builds them)
--       and last the tenant's fixed keys it uses: ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 queues "q:prof:primary,...", 6 total capacity,
--       7 channels that stay with the agent on disconnect, 8 supervisor, 9 capacities
--       "channel:max,..." (for the desk), 10.. "c:{channel}" capacity and "b:{channel}" blocked pairs
-- Returns: code, load, events; AgentProfileScript.Decode
--- @include "supervised"
local ag = load_agent(ARGV[4])
if not ag then return { 'agent_not_found', 0, EV } end
if ag.conn ~= '1' then return { 'agent_not_connected', 0, EV } end
local status = ag.status
ag.status = 'offline'
refresh(ag)
dl_leave(ag)
local drop = {}
for k, _ in pairs(ag.cap) do table.insert(drop, 'c:' .. k) end
for k, _ in pairs(ag.blk) do table.insert(drop, 'b:' .. k) end
if #drop > 0 then redis.call('HDEL', KEYS[2], unpack(drop)) end
redis.call('HSET', KEYS[2], 'queues', ARGV[5], 'total', ARGV[6], 'keep', ARGV[7], 'el', '', 'es', '')
if #ARGV >= 10 then redis.call('HSET', KEYS[2], unpack(ARGV, 10, #ARGV)) end
ag = load_agent(ARGV[4])
ag.status = status
refresh(ag)
-- Who could serve which queue and channel changed with it (dead letters, includes/deadletter.lua).
dl_join(ag)
if status ~= 'offline' then dl_rescue(ag) end
emit('profile', ag, '', '', ARGV[5], ARGV[9], ARGV[6] .. '|' .. ARGV[8])
pull(ag)
return { 'ok', ag.tload, EV }
