-- contact.lua: a contact's hash "c:{contact}" read into a table, skills and decline cool-downs.
--- @include "context"
local function contact(cid)
  local f = redis.call('HMGET', key('c:' .. cid), 'state', 'queue', 'ch', 'score', 'skills', 'conv', 'thread', 'oid', 'oagent', 'oexp', 'aff', 'affr', 'agent', 'cust', 'prio', 'enq', 'offered', 'accepted', 'wq', 'minp', 'crmv')
  if not f[1] then return nil end
  return { id = cid, state = f[1], queue = f[2], ch = f[3], score = f[4], skills = f[5], conv = f[6], thread = f[7],
    oid = f[8] or '', oagent = f[9] or '', oexp = tonumber(f[10] or '0'), aff = f[11] or '', affr = f[12] or '',
    agent = f[13] or '', cust = f[14] or '', prio = f[15] or '0', enq = f[16] or '', offered = f[17] or '', accepted = f[18] or '',
    wq = f[19] or '', minp = tonumber(f[20] or '0') or 0, crmv = f[21] or '' }
end

-- True while the agent is cooling down after declining (or letting expire) the contact.
local function cooled(cid, agent)
  local until_ = redis.call('ZSCORE', key('dc:' .. cid), agent)
  return until_ and tonumber(until_) > NOW
end

-- Starts the agent's cool-down on the contact ("dc:{contact}", expires after it).
local function cool_down(cid, agent, ms)
  redis.call('ZADD', key('dc:' .. cid), S(NOW + ms), agent)
  redis.call('PEXPIRE', key('dc:' .. cid), S(ms + 1000))
end

local function has_skills(ag, skills)
  for s in string.gmatch(skills or '', '"(.-)"') do
    if not ag.q[s] then return false end
  end
  return true
end

-- True when the agent has the contact's required skills at its minimum proficiency ("minp"; with
-- no required skill, the proficiency in the queue it takes the contact through).
local function suits(ag, ct, queue)
  local any = false
  for s in string.gmatch(ct.skills or '', '"(.-)"') do
    local q = ag.q[s]
    if not q or q.prof < ct.minp then return false end
    any = true
  end
  if ct.minp > 0 and not any then
    local q = ag.q[queue]
    return q ~= nil and q.prof >= ct.minp
  end
  return true
end
