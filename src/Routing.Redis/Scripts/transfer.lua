-- transfer.lua: the agent hands an assigned contact to a queue (back in line with its priority;
-- the conversation forgets the agent) or to an agent (offered now, or a bounded wait for that
-- agent; the conversation follows). The sender's slot frees at once.
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings, 4 contact, 5 its timeline,
--       6 its decline cool-downs, then for a queue target: 7 the queue; for an agent target:
--       7 the target agent, 8 its holdings, 9 its waiting contacts (TransferScript builds them)
--       and last the tenant's fixed keys it uses: queues, ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 contact id, 7 target queue,
--       8 target agent, 9 note
-- Returns: code, events; TransferScript.Decode
--- @include "match"
--- @include "assigned"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', EV } end
local ct, err = check_assigned(ag, ARGV[6])
if not ct then return { err, EV } end
local target = ARGV[8]
local tg = nil
if target ~= '' then
  if target == ag.id then return { 'transfer_to_self', EV } end
  tg = load_agent(target)
  if not tg or tg.conn ~= '1' or tg.status == 'offline' then return { 'agent_unavailable', EV } end
end
local ck = KEYS[4]
-- A transfer ends any widening by escalation: the contact waits where it is sent, and only there.
redis.call('HDEL', ck, 'wq')
ct.wq = ''
redis.call('HDEL', KEYS[3], ct.id)
release(ag, ct.ch)
refresh(ag)
cool_down(ct.id, ag.id, C.cool)
local note = ARGV[9] ~= '' and (': ' .. ARGV[9]) or ''
if tg then
  redis.call('HSET', ck, 'state', 'queued', 'agent', '')
  waiting_in(ct.queue, ct.ch, redis.call('ZADD', key('q:' .. ct.queue), ct.score, ct.id))
  redis.call('HSET', key('v:' .. ct.conv), 'agent', tg.id)
  timeline(ct.id, 'transferred', ct.queue, tg.id, 'from ' .. ag.id .. note)
  ct.state = 'queued'
  if can_take(tg, ct.ch) then
    offer(ct, tg, 'transfer', 'from ' .. ag.id)
  else
    wait_for(ct, tg, 'transfer', C.affw)
  end
else
  local queue = ARGV[7]
  local score = S(NOW - tonumber(ct.prio) * C.pw)
  redis.call('HSET', ck, 'state', 'queued', 'agent', '', 'queue', queue, 'score', score)
  waiting_in(queue, ct.ch, redis.call('ZADD', KEYS[7], score, ct.id))
  redis.call('ZADD', key('q:' .. queue .. ':' .. ct.ch), score, ct.id)
  redis.call('SADD', key('queues'), queue)
  redis.call('HDEL', key('v:' .. ct.conv), 'agent')
  timeline(ct.id, 'transferred', queue, '', 'from ' .. ag.id .. ' in ' .. ct.queue .. note)
  ct.state, ct.queue, ct.score = 'queued', queue, score
  match_contact(ct)
end
pull(ag)
return { 'ok', EV }
