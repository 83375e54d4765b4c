-- transfer.lua: the agent hands an assigned contact to a queue (back in line with its priority;
-- the conversation forgets the agent) or to an agent (offered now, or a bounded wait for that
-- agent; the conversation follows). The sender's slot frees at once.
-- ARGV: 1-4 see lib.lua, 5 agent, 6 session, 7 contact id, 8 target queue, 9 target agent, 10 note
-- Returns: code, events
local ag = session(ARGV[5], ARGV[6])
if not ag then return { 'stale_session', EV } end
local ct, err = check_assigned(ag, ARGV[7])
if not ct then return { err, EV } end
local target = ARGV[9]
local tg = nil
if target ~= '' then
  if target == ag.id then return { 'transfer_to_self', EV } end
  tg = load_agent(target)
  if not tg or tg.conn ~= '1' or tg.status == 'offline' then return { 'agent_unavailable', EV } end
end
local ck = P .. 'c:' .. ct.id
redis.call('HDEL', P .. 'ah:' .. ag.id, ct.id)
release(ag, ct.ch)
refresh(ag)
redis.call('ZADD', P .. 'dc:' .. ct.id, S(NOW + C.cool), ag.id)
redis.call('PEXPIRE', P .. 'dc:' .. ct.id, S(C.cool + 1000))
local note = ARGV[10] ~= '' and (': ' .. ARGV[10]) or ''
if tg then
  redis.call('HSET', ck, 'state', 'queued', 'agent', '')
  redis.call('ZADD', P .. 'q:' .. ct.queue, ct.score, ct.id)
  redis.call('HSET', P .. 'v:' .. ct.conv, 'agent', tg.id)
  timeline(ct.id, 'transferred', ct.queue, tg.id, 'from ' .. ag.id .. note)
  ct.state = 'queued'
  if can_take(tg, ct.ch) then
    offer(ct, tg, 'transfer', 'from ' .. ag.id)
  else
    wait_for(ct, tg, 'transfer', C.affw)
  end
else
  local queue = ARGV[8]
  local score = S(NOW - tonumber(ct.prio) * C.pw)
  redis.call('HSET', ck, 'state', 'queued', 'agent', '', 'queue', queue, 'score', score)
  redis.call('ZADD', P .. 'q:' .. queue, score, ct.id)
  redis.call('ZADD', P .. 'q:' .. queue .. ':' .. ct.ch, score, ct.id)
  redis.call('SADD', P .. 'queues', queue)
  redis.call('HDEL', P .. 'v:' .. ct.conv, 'agent')
  timeline(ct.id, 'transferred', queue, '', 'from ' .. ag.id .. ' in ' .. ct.queue .. note)
  ct.state, ct.queue, ct.score = 'queued', queue, score
  match_contact(ct)
end
pull(ag)
return { 'ok', EV }
