-- move_contact.lua: a supervisor moves a waiting contact to another queue (its place there by
-- priority and waiting time, as it was) or to a named agent (offered now if the agent has room,
-- else it waits for that agent up to the affinity wait, then is open to the queue again).
-- KEYS: 1 the fence (see includes/keys.lua), 2 contact, 3 its timeline, then for a queue target:
--       4 the queue; for an agent target: 4 the agent, 5 its holdings, 6 its waiting contacts
--       (MoveContactScript builds them) and last the tenant's fixed keys it uses: queues, ox, aqx, qc, dlx
-- ARGV: 1-3 see includes/context.lua, 4 contact id, 5 target queue, 6 target agent, 7 supervisor,
--       8 note
-- Returns: code, queue, agent offered or waited for ('' if none), offered (1/0), events; MoveContactScript.Decode
--- @include "supervised"
local ct = contact(ARGV[4])
if not ct then return { 'contact_not_found', '', '', 0, EV } end
if ct.state ~= 'queued' then return { 'contact_not_waiting', ct.queue, '', 0, EV } end
local target, by = ARGV[6], ARGV[7]
local note = ARGV[8] ~= '' and (': ' .. ARGV[8]) or ''
if target ~= '' then
  local tg = load_agent(target)
  if not tg then return { 'agent_not_found', ct.queue, '', 0, EV } end
  if tg.conn ~= '1' or tg.status == 'offline' then return { 'agent_not_connected', ct.queue, '', 0, EV } end
  out_of_line(ct)
  waiting_in(ct.queue, ct.ch, redis.call('ZADD', key('q:' .. ct.queue), ct.score, ct.id))
  redis.call('ZADD', key('q:' .. ct.queue .. ':' .. ct.ch), ct.score, ct.id)
  timeline(ct.id, 'moved', ct.queue, tg.id, 'to agent ' .. tg.id .. ' by supervisor ' .. by .. note)
  if can_take(tg, ct.ch) then
    offer(ct, tg, 'transfer', 'by supervisor ' .. by)
    return { 'ok', ct.queue, tg.id, 1, EV }
  end
  wait_for(ct, tg, 'transfer', C.affw)
  return { 'ok', ct.queue, tg.id, 0, EV }
end
local queue = ARGV[5]
local from = ct.queue
out_of_line(ct)
redis.call('HSET', KEYS[2], 'queue', queue)
waiting_in(queue, ct.ch, redis.call('ZADD', KEYS[4], ct.score, ct.id))
redis.call('ZADD', key('q:' .. queue .. ':' .. ct.ch), ct.score, ct.id)
redis.call('SADD', key('queues'), queue)
ct.queue = queue
local dla = redis.call('HGET', KEYS[2], 'dla')
if dla and tonumber(dla) > 0 then redis.call('ZADD', key('dlx'), S(NOW + tonumber(dla)), ct.id) end
timeline(ct.id, 'moved', queue, '', 'from ' .. from .. ' to ' .. queue .. ' by supervisor ' .. by .. note)
local offered = match_contact(ct)
local agent = ''
if offered then agent = redis.call('HGET', KEYS[2], 'oagent') or '' end
return { 'ok', queue, agent, offered and 1 or 0, EV }
