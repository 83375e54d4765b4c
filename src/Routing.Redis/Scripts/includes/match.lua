-- match.lua: matching both ways. A contact finds the best free agent of its queue ("qa:"); an
-- agent with room pulls the best waiting contact across its queues and channels ("q:", "aq:").
--- @include "offer"

-- Finds the best free agent of one of the contact's queues for it (bounded scan past agents that
-- lack a required skill or are cooling down after declining it) and offers it. Returns true if offered.
local function match_in(ct, queue)
  local free = key('qa:' .. queue .. ':' .. ct.ch)
  -- A small first page: the head almost always suits; further only past agents that do not.
  local from, size = 0, 4
  while from < C.scan do
    local candidates = redis.call('ZRANGE', free, from, math.min(from + size, C.scan) - 1)
    for _, a in ipairs(candidates) do
      if not cooled(ct.id, a) then
        local ag = load_agent(a)
        if ag and can_take(ag, ct.ch) and suits(ag, ct, queue) then
          local score, figure = strategy_figure(ag, queue)
          offer(ct, ag, 'strategy', strategy(queue) .. ' in ' .. queue .. ' (' .. figure .. ')', score, queue)
          return true
        end
      end
    end
    if #candidates < size then return false end
    from = from + size
    size = C.scan
  end
  return false
end

-- Finds the best free agent for a waiting contact: of its own queue, then of each queue an
-- escalation widened it to ("wq", includes/widened.lua).
-- A contact of a conversation offered to an agent goes to that agent first (includes/bundle.lua).
local function match_contact(ct)
  if ct.state ~= 'queued' or ct.aff ~= '' then return false end
  local bundled = bundle_route(ct, offer)
  if bundled then return bundled == 'offered' end
  if match_in(ct, ct.queue) then return true end
  for queue in string.gmatch(ct.wq or '', '[^,]+') do
    if match_in(ct, queue) then return true end
  end
  return false
end

-- Routes a contact that is about to wait: to the first logged-in target agent (offer now if it has
-- room, else a bounded wait for it), otherwise to the best free agent of its queue.
-- targets: list of { agent, reason, wait ms }.
local function route(ct, targets)
  for _, t in ipairs(targets) do
    if t[1] ~= '' and t[3] > 0 then
      local ag = load_agent(t[1])
      if ag and ag.conn == '1' and ag.status ~= 'offline' and not cooled(ct.id, t[1]) then
        if can_take(ag, ct.ch) then
          offer(ct, ag, t[2], '')
        else
          wait_for(ct, ag, t[2], t[3])
        end
        return
      end
    end
  end
  match_contact(ct)
end

-- The best contact this agent can take now: its own waiting contacts (affinity) first, then its
-- primary queues, then the secondary ones; within each, lowest score (priority, then waiting
-- time, with aging) across queues and channels.
local function best_for(ag)
  local own = redis.call('ZRANGE', key('aq:' .. ag.id), 0, C.scan - 1)
  for _, cid in ipairs(own) do
    local ct = contact(cid)
    if ct and ct.state == 'queued' and can_take(ag, ct.ch) and not cooled(cid, ag.id) then
      return ct, ct.affr
    end
  end
  for pass = 1, 2 do
    local best, bestScore = nil, nil
    for _, queue in ipairs(ag.ql) do
      if ag.q[queue].primary == (pass == 1) and redis.call('ZCARD', key('q:' .. queue)) > 0 then
        for _, ch in ipairs(ag.chl) do
          if can_take(ag, ch) then
            -- The head first (almost always the one); past it only when the head does not suit.
            local waiting = key('q:' .. queue .. ':' .. ch)
            local items = redis.call('ZRANGE', waiting, 0, 0, 'WITHSCORES')
            local from = 1
            while #items > 0 do
              local found = false
              for i = 1, #items, 2 do
                local score = tonumber(items[i + 1])
                if bestScore and score >= bestScore then found = true break end
                if not cooled(items[i], ag.id) then
                  local ct = contact(items[i])
                  if ct and suits(ag, ct, queue) then
                    best, bestScore = ct, score
                    found = true
                    break
                  end
                end
              end
              if found or from >= C.scan then break end
              items = redis.call('ZRANGE', waiting, from, C.scan - 1, 'WITHSCORES')
              from = C.scan
            end
          end
        end
      end
    end
    if best then return best, 'pull' end
  end
  return nil, nil
end

-- Fills the agent's free capacity with the best waiting contacts.
-- Reloads the agent first: the caller's copy may predate changes made since in this script. A caller
-- whose copy is known to match the hash (current) saves that read (one HGETALL per completion).
local function pull(stale, current)
  local ag = stale
  if not current then ag = load_agent(stale.id) end
  if not ag then return end
  for _ = 1, math.max(ag.total, 1) do
    if ag.status ~= 'available' or ag.conn ~= '1' then return end
    local ct, reason = best_for(ag)
    if not ct then return end
    offer(ct, ag, reason, reason == 'pull' and ('best waiting in ' .. ct.queue) or '')
  end
end
