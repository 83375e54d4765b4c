-- figures.lua: a queue's figures, kept by the scripts that change state (never by scanning contacts).
-- "qw:{queue}": contacts waiting per channel (moves with every ZADD / ZREM of "q:{queue}").
-- "fm:{minute}" (TTL 2 h) and "fq:{quarter hour}" (TTL 26 h), UTC buckets since the epoch: counters
-- "{queue}|{what}|{channel}" (and "{queue}|asg|" for the whole queue, read by the Submit receipt's
-- estimate) summed at read time (QueueFigures): the last 15 min and hour from the
-- minutes, today in the tenant's time zone from the quarters (every zone's offset is a multiple of 15 min).
-- what: in (queued), off (offered), asg (assigned), wt (wait ms of the assigned), sl (assigned
-- within the rule's target), hnd (completed), ht (handle ms of the completed), ab (abandoned).
--- @include "context"

-- The buckets this script has already given their TTL: NOW is fixed for the script, so a second
-- PEXPIRE of the same bucket would set the same TTL again (an answered contact counts up to four
-- figures). Nothing deletes a bucket within a script, so the first PEXPIRE stays in force.
local fig_expiring = {}
local function fig_expire(k, ttl)
  if fig_expiring[k] then return end
  redis.call('PEXPIRE', k, ttl)
  fig_expiring[k] = true
end

local function fig(queue, ch, what, n)
  local field = queue .. '|' .. what .. '|' .. ch
  local m = key('fm:' .. S(math.floor(NOW / 60000)))
  local q = key('fq:' .. S(math.floor(NOW / 900000)))
  redis.call('HINCRBY', m, field, n)
  fig_expire(m, 7260000)
  redis.call('HINCRBY', q, field, n)
  fig_expire(q, 93600000)
end

-- A contact joined "q:{queue}" (added says whether ZADD added it).
local function waiting_in(queue, ch, added)
  if added == 1 then redis.call('HINCRBY', key('qw:' .. queue), ch, 1) end
end

-- A contact left "q:{queue}" (removed says whether ZREM removed it).
local function waiting_out(queue, ch, removed)
  if removed == 1 then redis.call('HINCRBY', key('qw:' .. queue), ch, -1) end
end

-- The contact is answered: its wait, and whether within the rule's service-level target ("sla").
local function fig_answered(ct)
  local f = redis.call('HMGET', key('c:' .. ct.id), 'enq', 'sla')
  local wait = NOW - tonumber(f[1] or NOW)
  if wait < 0 then wait = 0 end
  fig(ct.queue, ct.ch, 'asg', 1)
  fig(ct.queue, '', 'asg', 1)
  fig(ct.queue, ct.ch, 'wt', wait)
  if wait <= tonumber(f[2] or '0') then fig(ct.queue, ct.ch, 'sl', 1) end
end
