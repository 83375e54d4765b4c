-- escalate.lua: escalation over time (RoutingRule.Escalation; TaskRouter's targets with timeouts,
-- Genesys' bullseye rings). A contact carries its rule's plan, "esc" (EscalationPlan builds it:
-- steps joined by ';', each "after ms|drop all 0/1|dropped skills|min proficiency|widen to|
-- overflow to|priority|raise by", lists comma separated, an empty field changes nothing) and the
-- number of steps applied, "escn". The tenant's sorted set "esc" holds each contact's next step
-- by due time (queued at + after): O(log N) per step, no scan of any queue. The sweeper claims a
-- due entry by removing it (sweep.lua), so a step applies once however many nodes sweep.
-- A claimed contact is checked first: no longer waiting (assigned, completed, cancelled, erased):
-- dropped; offered: looked at again when the offer ends; held for one agent: when that wait ends.
--- @include "match"

-- Step n (1-based) of a plan, or nil.
local function esc_step(plan, n)
  local i = 0
  for s in string.gmatch(plan or '', '[^;]+') do
    i = i + 1
    if i == n then
      local after, all, drop, minp, widen, over, prio, by =
        string.match(s, '^(%d+)|([01])|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
      if not after then return nil end
      return { after = tonumber(after), all = all == '1', drop = drop, minp = tonumber(minp), widen = widen,
        over = over, prio = tonumber(prio), by = tonumber(by) or 0 }
    end
  end
  return nil
end

-- Schedules the contact's next step, if its plan has one.
-- written: the fields enqueue.lua has just written (field = value), so the hash is not read back.
local function schedule_escalation(cid, written)
  local f = written and { written.esc, written.escn, written.enq }
    or redis.call('HMGET', key('c:' .. cid), 'esc', 'escn', 'enq')
  local step = esc_step(f[1], (tonumber(f[2] or '0') or 0) + 1)
  if step then redis.call('ZADD', key('esc'), S(tonumber(f[3] or '0') + step.after), cid) end
end

local function rescore(ct, queue)
  redis.call('ZADD', key('q:' .. queue), ct.score, ct.id)
  redis.call('ZADD', key('q:' .. queue .. ':' .. ct.ch), ct.score, ct.id)
end

-- Applies the contact's next step (claimed from "esc"), records it, schedules the one after and
-- tries to match the contact at once.
local function escalate(cid)
  local ct = contact(cid)
  if not ct then return end
  if ct.state == 'offered' then
    redis.call('ZADD', key('esc'), S(math.max(ct.oexp, NOW + 1)), cid)
    return
  end
  if ct.state ~= 'queued' then return end
  if ct.aff ~= '' then
    local until_ = tonumber(redis.call('ZSCORE', key('aqx'), cid) or '0')
    redis.call('ZADD', key('esc'), S(math.max(until_, NOW + 1)), cid)
    return
  end
  local ck = key('c:' .. cid)
  local f = redis.call('HMGET', ck, 'esc', 'escn')
  local n = (tonumber(f[2] or '0') or 0) + 1
  local step = esc_step(f[1], n)
  if not step then return end
  local done = {}

  if step.all or step.drop ~= '' then
    local kept, dropped = {}, {}
    for s in string.gmatch(ct.skills or '', '"(.-)"') do
      if step.all or has(step.drop, s) then table.insert(dropped, s) else table.insert(kept, '"' .. s .. '"') end
    end
    if #dropped > 0 then
      ct.skills = '[' .. table.concat(kept, ',') .. ']'
      redis.call('HSET', ck, 'skills', ct.skills)
      table.insert(done, 'skills relaxed (' .. table.concat(dropped, ', ') .. ' dropped)')
    end
  end

  if step.minp and step.minp ~= ct.minp then
    table.insert(done, 'minimum proficiency ' .. S(ct.minp) .. ' to ' .. S(step.minp))
    ct.minp = step.minp
    redis.call('HSET', ck, 'minp', S(step.minp))
  end

  local wq = {}
  for q in string.gmatch(ct.wq, '[^,]+') do table.insert(wq, q) end
  if step.over ~= '' and step.over ~= ct.queue then
    local from = ct.queue
    waiting_out(from, ct.ch, redis.call('ZREM', key('q:' .. from), cid))
    redis.call('ZREM', key('q:' .. from .. ':' .. ct.ch), cid)
    for i = #wq, 1, -1 do
      if wq[i] == step.over then table.remove(wq, i) end
    end
    ct.queue = step.over
    redis.call('HSET', ck, 'queue', ct.queue)
    waiting_in(ct.queue, ct.ch, redis.call('ZADD', key('q:' .. ct.queue), ct.score, cid))
    redis.call('ZADD', key('q:' .. ct.queue .. ':' .. ct.ch), ct.score, cid)
    redis.call('SADD', key('queues'), ct.queue)
    table.insert(done, 'overflowed from ' .. from .. ' to ' .. ct.queue)
  end

  local added = {}
  for q in string.gmatch(step.widen, '[^,]+') do
    local known = (q == ct.queue)
    for _, w in ipairs(wq) do known = known or w == q end
    if not known then
      table.insert(wq, q)
      table.insert(added, q)
      waiting_in(q, ct.ch, redis.call('ZADD', key('q:' .. q), ct.score, cid))
      redis.call('ZADD', key('q:' .. q .. ':' .. ct.ch), ct.score, cid)
      redis.call('SADD', key('queues'), q)
    end
  end
  if #added > 0 then table.insert(done, 'widened to ' .. table.concat(added, ', ')) end
  ct.wq = table.concat(wq, ',')
  if ct.wq == '' then redis.call('HDEL', ck, 'wq') else redis.call('HSET', ck, 'wq', ct.wq) end

  -- A step raises the priority, never lowers it; the contact keeps its waiting time (aging).
  local prio = tonumber(ct.prio) or 0
  local np = math.min(math.max(prio, step.prio or prio) + step.by, 1000)
  if np > prio then
    ct.score = S(tonumber(ct.score) - (np - prio) * C.pw)
    ct.prio = S(np)
    redis.call('HSET', ck, 'prio', ct.prio, 'score', ct.score)
    rescore(ct, ct.queue)
    for _, q in ipairs(wq) do rescore(ct, q) end
    table.insert(done, 'priority ' .. S(prio) .. ' to ' .. S(np))
  end

  redis.call('HSET', ck, 'escn', S(n))
  timeline(cid, 'escalated', ct.queue, '', 'escalated: ' .. (#done > 0 and table.concat(done, ', ') or 'nothing to change')
    .. ' after ' .. S(step.after / 1000) .. ' s', { 'step', S(n) })
  schedule_escalation(cid)
  match_contact(ct)
end
