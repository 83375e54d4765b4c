-- deadletter_check.lua: the "dlx" deadlines of waiting contacts (see includes/deadletter.lua), a
-- tenant key only the scripts that queue contacts (enqueue, sweep) name and declare.
--- @include "deadletter"

-- Arms (or re-arms) the contact's next check; "dla" 0 turns the check off.
-- written: the fields enqueue.lua has just written (field = value), so the hash is not read back.
local function dl_arm(cid, written)
  local dla
  if written then dla = written.dla else dla = redis.call('HGET', key('c:' .. cid), 'dla') end
  local after = tonumber(dla or '0') or 0
  if after > 0 then redis.call('ZADD', key('dlx'), S(NOW + after), cid) end
end

-- A "dlx" deadline passed: flag the contact when nobody can serve it, clear it when someone can.
-- Returns true when it was flagged now.
local function dl_check(cid)
  local ct = contact(cid)
  if not ct then return false end
  -- Offered now: it may come back in line (declined, expired), so it keeps its checks.
  if ct.state == 'offered' then dl_arm(cid) return false end
  if ct.state ~= 'queued' then return false end
  dl_arm(cid)
  local ok, why = dl_servable(ct)
  if ok then
    dl_clear(ct, 'an agent who can serve it is logged in')
    return false
  end
  if redis.call('ZSCORE', key('dl:' .. ct.queue), cid) then return false end
  redis.call('ZADD', key('dl:' .. ct.queue), S(NOW), cid)
  redis.call('HSET', key('c:' .. cid), 'dl', why, 'dlat', S(NOW))
  timeline(cid, 'dead_lettered', ct.queue, '', why)
  return true
end

