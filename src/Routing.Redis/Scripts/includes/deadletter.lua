-- deadletter.lua: contacts no logged-in agent can ever serve. "qm:{queue}:{channel}" lists the
-- connected agents of a queue with capacity on a channel (kept on connect and disconnect), so
-- whether anyone could serve a waiting contact is a bounded read of that set, never a scan of all
-- agents. A waiting contact is checked when its "dlx" deadline (the queue's DeadLetterAfter, the
-- contact's "dla" field in ms) passes; one nobody can serve is flagged ("dl" why, "dlat" when) and
-- listed in "dl:{queue}" by flag time. The flag clears when the contact is offered or cancelled, and
-- when an agent who can serve it connects; a waiting contact is checked again every "dla".
--- @include "agent"
--- @include "contact"
--- @include "timeline"

-- The agent is connected with these queues and channels: it counts as someone who could serve them.
local function dl_join(ag)
  for _, q in ipairs(ag.ql) do
    for _, ch in ipairs(ag.chl) do
      if (ag.cap[ch] or 0) > 0 then redis.call('ZADD', key('qm:' .. q .. ':' .. ch), S(NOW), ag.id) end
    end
  end
end

local function dl_leave(ag)
  for _, q in ipairs(ag.ql) do
    for _, ch in ipairs(ag.chl) do redis.call('ZREM', key('qm:' .. q .. ':' .. ch), ag.id) end
  end
end

-- The contact leaves the dead letters (offered, cancelled, or someone who can serve it connected).
local function dl_clear(ct, why)
  if redis.call('ZREM', key('dl:' .. ct.queue), ct.id) == 1 then
    redis.call('HDEL', key('c:' .. ct.id), 'dl', 'dlat')
    timeline(ct.id, 'dead_letter_cleared', ct.queue, '', why)
  end
end

-- Whether a logged-in agent (connected, not offline) has the contact's queue, channel and skills;
-- nil and why not when nobody has. Past C.scan members it answers yes: it never flags on a guess.
local function dl_servable(ct)
  local members = key('qm:' .. ct.queue .. ':' .. ct.ch)
  local seen = 0
  for _, a in ipairs(redis.call('ZRANGE', members, 0, C.scan - 1)) do
    local ag = load_agent(a)
    if ag and ag.conn == '1' and ag.status ~= 'offline' then
      seen = seen + 1
      if has_skills(ag, ct.skills) then return true end
    end
  end
  if redis.call('ZCARD', members) > C.scan then return true end
  if seen == 0 then return nil, 'no logged-in agent serves ' .. ct.queue .. ' on ' .. ct.ch end
  return nil, 'no logged-in agent of ' .. ct.queue .. ' on ' .. ct.ch .. ' has the skills ' .. (ct.skills or '')
end

-- An agent connected: the flagged contacts of its queues it could serve are no longer dead letters
-- (a bounded read per queue; it is offered them by its pull when it has room).
local function dl_rescue(ag)
  for _, q in ipairs(ag.ql) do
    for _, cid in ipairs(redis.call('ZRANGE', key('dl:' .. q), 0, C.scan - 1)) do
      local ct = contact(cid)
      if not ct then
        redis.call('ZREM', key('dl:' .. q), cid)
      elseif (ag.cap[ct.ch] or 0) > 0 and has_skills(ag, ct.skills) and ag.status ~= 'offline' then
        dl_clear(ct, 'agent ' .. ag.id .. ' who can serve it logged in')
      end
    end
  end
end
