-- queue.lua: a contact's place in line: "q:{queue}" (everyone waiting), "q:{queue}:{channel}"
-- (free for any agent of the queue), "aq:{agent}" with its deadline in "aqx" (waiting for one agent).
--- @include "timeline"
--- @include "offer_reasons"
--- @include "figures"
--- @include "widened"

-- A waiting contact's place in line (1 = next), 0 when it is not in the queue. On Redis each call
-- here is O(log N). Garnet answers ZRANK by walking the set from its head and ZCOUNT by walking the
-- range it counts, so the walk goes from the nearer end: the contact's score against the first and
-- last scores (ZREVRANGE 0 0 starts at the tail; ZRANGE -1 -1 would walk the whole set) tells which.
-- A new contact is usually near the back, and is then counted from there. Contacts of equal score
-- are ordered by id, as ZRANK orders them.
local function queue_position(queue, cid)
  local score = redis.call('ZSCORE', queue, cid)
  if not score then return 0 end
  local first = tonumber(redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')[2])
  local last = tonumber(redis.call('ZREVRANGE', queue, 0, 0, 'WITHSCORES')[2])
  local s = tonumber(score)
  if s - first <= last - s then
    return redis.call('ZRANK', queue, cid) + 1
  end
  local behind = redis.call('ZCOUNT', queue, '(' .. score, '+inf')
  local ties = redis.call('ZRANGEBYSCORE', queue, score, score)
  local after = 0
  for i = #ties, 1, -1 do
    if ties[i] == cid then break end
    after = after + 1
  end
  return redis.call('ZCARD', queue) - behind - after
end

-- Puts a contact back in line at its original score (not the back), free for any agent.
local function requeue(ct)
  local ck = key('c:' .. ct.id)
  redis.call('HSET', ck, 'state', 'queued', 'oid', '', 'oagent', '', 'oexp', '0', 'agent', '')
  redis.call('HDEL', ck, 'aff', 'affr')
  redis.call('ZREM', key('ox'), ct.id)
  waiting_in(ct.queue, ct.ch, redis.call('ZADD', key('q:' .. ct.queue), ct.score, ct.id))
  redis.call('ZADD', key('q:' .. ct.queue .. ':' .. ct.ch), ct.score, ct.id)
  ct.state = 'queued'
  ct.aff = ''
  join_widened(ct)
end

-- Makes the contact wait for one agent (affinity, preferred agent, transfer) until a deadline.
local function wait_for(ct, ag, reason, wait)
  redis.call('HSET', key('c:' .. ct.id), 'aff', ag.id, 'affr', reason)
  redis.call('ZREM', key('q:' .. ct.queue .. ':' .. ct.ch), ct.id)
  redis.call('ZADD', key('aq:' .. ag.id), ct.score, ct.id)
  redis.call('ZADD', key('aqx'), S(NOW + wait), ct.id)
  ct.aff = ag.id
  ct.affr = reason
  timeline(ct.id, 'waiting_for_agent', ct.queue, ag.id, (reason_text[reason] or reason) .. ', up to ' .. S(wait) .. ' ms')
end

-- A contact that waited outside the line (held until its queue opened, a callback until its due
-- time) joins it now, at the score it got when received (its place by arrival); its wait counts
-- from now. The timeline says why (step, detail).
local function join_line(cid, ct, step, detail)
  redis.call('HSET', key('c:' .. cid), 'state', 'queued', 'enq', S(NOW))
  ct.state = 'queued'
  waiting_in(ct.queue, ct.ch, redis.call('ZADD', key('q:' .. ct.queue), ct.score, cid))
  fig(ct.queue, ct.ch, 'in', 1)
  redis.call('ZADD', key('q:' .. ct.queue .. ':' .. ct.ch), ct.score, cid)
  timeline(cid, step, ct.queue, '', detail)
end
