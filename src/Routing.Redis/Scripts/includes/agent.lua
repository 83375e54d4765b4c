-- agent.lua: an agent's hash "a:{agent}" read into a table, and whether it can take a contact.
--- @include "context"
local function load_agent(a)
  local f = redis.call('HGETALL', key('a:' .. a))
  if #f == 0 then return nil end
  local ag = { id = a, l = {}, cap = {}, blk = {}, q = {}, ql = {}, chl = {} }
  for i = 1, #f, 2 do
    local k, v = f[i], f[i + 1]
    local p = string.sub(k, 1, 2)
    if p == 'l:' then ag.l[string.sub(k, 3)] = tonumber(v)
    elseif p == 'c:' then
      local ch = string.sub(k, 3)
      ag.cap[ch] = tonumber(v)
      table.insert(ag.chl, ch)
    elseif p == 'b:' then ag.blk[string.sub(k, 3)] = v
    else ag[k] = v end
  end
  table.sort(ag.chl)
  for item in string.gmatch(ag.queues or '', '[^,]+') do
    local name, prof, prim = string.match(item, '^(.-):(%d+):(%d)$')
    if name then
      ag.q[name] = { prof = tonumber(prof), primary = (prim == '1') }
      table.insert(ag.ql, name)
    end
  end
  ag.tload = tonumber(ag.tload or '0')
  ag.total = tonumber(ag.total or '0')
  return ag
end

local function blocked(ag, ch)
  for other, load in pairs(ag.l) do
    if load > 0 and other ~= ch and (has(ag.blk[other], ch) or has(ag.blk[ch], other)) then return true end
  end
  return false
end

-- True when the agent is routable now and has room for one more contact on the channel.
local function can_take(ag, ch)
  if ag.status ~= 'available' or ag.conn ~= '1' then return false end
  local cap = ag.cap[ch] or 0
  if cap <= 0 or (ag.l[ch] or 0) >= cap then return false end
  if ag.tload >= ag.total then return false end
  return not blocked(ag, ch)
end

-- The reason is a reason code (or ''); its kind ("rkind"), note ("rnote") and who set it ("rby")
-- start empty: the caller sets them (supervised.lua's set_reason) when it has them.
local function set_status(ag, status, reason)
  ag.status = status
  ag.reason = reason
  redis.call('HSET', key('a:' .. ag.id), 'status', status, 'reason', reason, 'since', S(NOW), 'rkind', '', 'rnote', '', 'rby', '')
end

-- The calling session must be the agent's live one.
local function session(agent, sess)
  local ag = load_agent(agent)
  if not ag or ag.sess ~= sess or ag.conn ~= '1' then return nil end
  return ag
end
