-- lib.lua: the routing engine's shared functions, prepended to every script (see LuaScripts).
-- Every script gets ARGV[1] = tenant prefix "routing:{tenant}:", ARGV[2] = now (ms), ARGV[3] =
-- this node's name and ARGV[4] = settings "key=value,..." (see EngineSettings). All keys are
-- built from the prefix, so a script touches the one cluster slot of its tenant.
--
-- Keys (suffixes of the prefix):
--   c:{id}          contact hash            a:{agent}     agent hash
--   q:{queue}       everyone waiting in a queue (all channels; position and counts)
--   q:{queue}:{ch}  waiting and free for any agent of the queue, by score (lowest first)
--   qa:{queue}:{ch} agents able to take one more contact of that queue and channel, by strategy
--   aq:{agent}      contacts waiting for this agent (affinity head start), by score
--   aqx             affinity deadlines      ox            offer expiries
--   wu              wrap-up ends ("agent|contact|channel")
--   gr              reconnect-grace deadlines of disconnected agents
--   ah:{agent}      what an agent holds: contact -> "o|ch" offered, "a|ch" assigned, "w|ch" wrap-up
--   dc:{contact}    agents in decline cool-down for a contact, by until
--   nodes           node heartbeats         na:{node}     agents connected to a node
--   deadnodes       nodes declared dead whose agents are still being recovered
--   qc              queue -> selection strategy
--   wb              completed contacts to write back to the CRM, by next attempt
local unpack = unpack or table.unpack
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local NODE = ARGV[3]
local C = {}
for k, v in string.gmatch(ARGV[4], '([%w_%-]+)=([^,]*)') do C[k] = tonumber(v) end
local EV = {}

local function S(n) return string.format('%.0f', n) end

local function jstr(s)
  s = tostring(s or '')
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' end
    return string.format('\\u%04x', string.byte(c))
  end)
  return '"' .. s .. '"'
end

-- Appends a timeline event (the same JSON the C# TimelineEntry reads).
local function timeline(cid, kind, queue, agent, detail)
  local parts = { '"at":' .. S(NOW), '"kind":' .. jstr(kind) }
  if queue and queue ~= '' then table.insert(parts, '"queue":' .. jstr(queue)) end
  if agent and agent ~= '' then table.insert(parts, '"agent":' .. jstr(agent)) end
  if detail and detail ~= '' then table.insert(parts, '"detail":' .. jstr(detail)) end
  table.insert(parts, '"node":' .. jstr(NODE))
  redis.call('RPUSH', P .. 'c:' .. cid .. ':tl', '{' .. table.concat(parts, ',') .. '}')
end

local function has(list, item)
  return list ~= nil and list ~= '' and string.find(',' .. list .. ',', ',' .. item .. ',', 1, true) ~= nil
end

local function load_agent(a)
  local f = redis.call('HGETALL', P .. 'a:' .. a)
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

local strategies = {}
local function strategy(queue)
  local s = strategies[queue]
  if not s then
    s = redis.call('HGET', P .. 'qc', queue) or 'longest_idle'
    strategies[queue] = s
  end
  return s
end

-- The agent's place among the queue's free agents: lowest is chosen first.
local function agent_score(ag, queue)
  local s = strategy(queue)
  local idle = tonumber(ag.idle or '0')
  if s == 'most_skilled' then
    return (10 - ag.q[queue].prof) * 1e13 + idle
  elseif s == 'least_occupied' then
    local pct = 0
    if ag.total > 0 then pct = math.floor(ag.tload * 100 / ag.total) end
    return pct * 1e13 + idle
  elseif s == 'round_robin' then
    return tonumber(ag.lastoff or '0')
  end
  return idle
end

-- Puts the agent in (or takes it out of) every queue x channel set of free agents. Only what
-- changed is written: the channels it was eligible for ("el") and its score per queue ("es") are
-- kept in the agent hash, so a typical offer or release touches one or two sets, not all of them.
local function refresh(ag)
  local before = {}
  for ch in string.gmatch(ag.el or '', '[^,]+') do before[ch] = true end
  local oldScores = {}
  for sc in string.gmatch(ag.es or '', '[^,]+') do table.insert(oldScores, sc) end
  local now, el, es = {}, {}, {}
  for _, ch in ipairs(ag.chl) do
    if can_take(ag, ch) then
      now[ch] = true
      table.insert(el, ch)
    end
  end
  for i, queue in ipairs(ag.ql) do
    local score = S(agent_score(ag, queue))
    table.insert(es, score)
    local rescore = oldScores[i] ~= score
    for _, ch in ipairs(ag.chl) do
      if now[ch] and (rescore or not before[ch]) then
        redis.call('ZADD', P .. 'qa:' .. queue .. ':' .. ch, score, ag.id)
      elseif before[ch] and not now[ch] then
        redis.call('ZREM', P .. 'qa:' .. queue .. ':' .. ch, ag.id)
      end
    end
  end
  ag.el = table.concat(el, ',')
  ag.es = table.concat(es, ',')
  redis.call('HSET', P .. 'a:' .. ag.id, 'el', ag.el, 'es', ag.es)
end

local function save_load(ag, ch)
  redis.call('HSET', P .. 'a:' .. ag.id, 'l:' .. ch, S(ag.l[ch] or 0), 'tload', S(ag.tload), 'idle', ag.idle or S(NOW), 'lastoff', ag.lastoff or '0')
end

local function release(ag, ch)
  ag.l[ch] = math.max(0, (ag.l[ch] or 0) - 1)
  ag.tload = math.max(0, ag.tload - 1)
  if ag.tload == 0 then ag.idle = S(NOW) end
  save_load(ag, ch)
end

local function emit(kind, ag, cid, oid, a, b, c)
  table.insert(EV, { kind, ag.id, ag.node or '', ag.sess or '', cid or '', oid or '', a or '', b or '', c or '' })
end

local function cooled(cid, agent)
  local until_ = redis.call('ZSCORE', P .. 'dc:' .. cid, agent)
  return until_ and tonumber(until_) > NOW
end

local function has_skills(ag, skills)
  for s in string.gmatch(skills or '', '"(.-)"') do
    if not ag.q[s] then return false end
  end
  return true
end

local function contact(cid)
  local f = redis.call('HMGET', P .. 'c:' .. cid, 'state', 'queue', 'ch', 'score', 'skills', 'conv', 'thread', 'oid', 'oagent', 'oexp', 'aff', 'affr', 'agent', 'cust', 'prio', 'enq', 'offered', 'accepted')
  if not f[1] then return nil end
  return { id = cid, state = f[1], queue = f[2], ch = f[3], score = f[4], skills = f[5], conv = f[6], thread = f[7],
    oid = f[8] or '', oagent = f[9] or '', oexp = tonumber(f[10] or '0'), aff = f[11] or '', affr = f[12] or '',
    agent = f[13] or '', cust = f[14] or '', prio = f[15] or '0', enq = f[16] or '', offered = f[17] or '', accepted = f[18] or '' }
end

local reason_text = { strategy = 'selection strategy', affinity = 'open conversation with this agent', preferred = 'preferred agent in the CRM',
  last = 'last agent in the CRM', transfer = 'transferred to this agent', pull = 'agent pulled the best waiting contact' }

-- Offers a waiting contact to an agent that can take it (the caller checked can_take).
local function offer(ct, ag, reason, detail)
  local ck = P .. 'c:' .. ct.id
  local n = redis.call('HINCRBY', ck, 'offers', 1)
  local oid = 'of-' .. ct.id .. '-' .. S(n)
  local exp = NOW + C.offer
  redis.call('HSET', ck, 'state', 'offered', 'oid', oid, 'oagent', ag.id, 'oexp', S(exp), 'oreason', reason, 'odetail', detail, 'offered', S(NOW))
  redis.call('ZREM', P .. 'q:' .. ct.queue, ct.id)
  redis.call('ZREM', P .. 'q:' .. ct.queue .. ':' .. ct.ch, ct.id)
  if ct.aff ~= '' then
    redis.call('ZREM', P .. 'aq:' .. ct.aff, ct.id)
    redis.call('ZREM', P .. 'aqx', ct.id)
    redis.call('HDEL', ck, 'aff', 'affr')
  end
  redis.call('ZADD', P .. 'ox', S(exp), ct.id)
  redis.call('HSET', P .. 'ah:' .. ag.id, ct.id, 'o|' .. ct.ch)
  ag.l[ct.ch] = (ag.l[ct.ch] or 0) + 1
  ag.tload = ag.tload + 1
  ag.lastoff = S(NOW)
  save_load(ag, ct.ch)
  refresh(ag)
  ct.state = 'offered'
  timeline(ct.id, 'offered', ct.queue, ag.id, (reason_text[reason] or reason) .. (detail ~= '' and (': ' .. detail) or ''))
  emit('offer', ag, ct.id, oid, reason, detail, S(exp))
  return oid
end

-- Finds the best free agent of the contact's queue for it (bounded scan past agents that lack a
-- required skill or are cooling down after declining it) and offers it. Returns true if offered.
local function match_contact(ct)
  if ct.state ~= 'queued' or ct.aff ~= '' then return false end
  local key = P .. 'qa:' .. ct.queue .. ':' .. ct.ch
  -- A small first page: the head almost always suits; further only past agents that do not.
  local from, size = 0, 4
  while from < C.scan do
    local candidates = redis.call('ZRANGE', key, from, math.min(from + size, C.scan) - 1)
    for _, a in ipairs(candidates) do
      if not cooled(ct.id, a) then
        local ag = load_agent(a)
        if ag and can_take(ag, ct.ch) and has_skills(ag, ct.skills) then
          offer(ct, ag, 'strategy', strategy(ct.queue) .. ' in ' .. ct.queue)
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

-- Puts a contact back in line at its original score (not the back), free for any agent.
local function requeue(ct)
  local ck = P .. 'c:' .. ct.id
  redis.call('HSET', ck, 'state', 'queued', 'oid', '', 'oagent', '', 'oexp', '0', 'agent', '')
  redis.call('HDEL', ck, 'aff', 'affr')
  redis.call('ZREM', P .. 'ox', ct.id)
  redis.call('ZADD', P .. 'q:' .. ct.queue, ct.score, ct.id)
  redis.call('ZADD', P .. 'q:' .. ct.queue .. ':' .. ct.ch, ct.score, ct.id)
  ct.state = 'queued'
  ct.aff = ''
end

-- Makes the contact wait for one agent (affinity, preferred agent, transfer) until a deadline.
local function wait_for(ct, ag, reason, wait)
  local ck = P .. 'c:' .. ct.id
  redis.call('HSET', ck, 'aff', ag.id, 'affr', reason)
  redis.call('ZREM', P .. 'q:' .. ct.queue .. ':' .. ct.ch, ct.id)
  redis.call('ZADD', P .. 'aq:' .. ag.id, ct.score, ct.id)
  redis.call('ZADD', P .. 'aqx', S(NOW + wait), ct.id)
  ct.aff = ag.id
  ct.affr = reason
  timeline(ct.id, 'waiting_for_agent', ct.queue, ag.id, (reason_text[reason] or reason) .. ', up to ' .. S(wait) .. ' ms')
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
  local own = redis.call('ZRANGE', P .. 'aq:' .. ag.id, 0, C.scan - 1)
  for _, cid in ipairs(own) do
    local ct = contact(cid)
    if ct and ct.state == 'queued' and can_take(ag, ct.ch) and not cooled(cid, ag.id) then
      return ct, ct.affr
    end
  end
  for pass = 1, 2 do
    local best, bestScore = nil, nil
    for _, queue in ipairs(ag.ql) do
      if ag.q[queue].primary == (pass == 1) and redis.call('ZCARD', P .. 'q:' .. queue) > 0 then
        for _, ch in ipairs(ag.chl) do
          if can_take(ag, ch) then
            -- The head first (almost always the one); past it only when the head does not suit.
            local key = P .. 'q:' .. queue .. ':' .. ch
            local items = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            local from = 1
            while #items > 0 do
              local found = false
              for i = 1, #items, 2 do
                local score = tonumber(items[i + 1])
                if bestScore and score >= bestScore then found = true break end
                if not cooled(items[i], ag.id) then
                  local ct = contact(items[i])
                  if ct and has_skills(ag, ct.skills) then
                    best, bestScore = ct, score
                    found = true
                    break
                  end
                end
              end
              if found or from >= C.scan then break end
              items = redis.call('ZRANGE', key, from, C.scan - 1, 'WITHSCORES')
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
-- Reloads the agent first: the caller's copy may predate changes made since in this script.
local function pull(stale)
  local ag = load_agent(stale.id)
  if not ag then return end
  for _ = 1, math.max(ag.total, 1) do
    if ag.status ~= 'available' or ag.conn ~= '1' then return end
    local ct, reason = best_for(ag)
    if not ct then return end
    offer(ct, ag, reason, reason == 'pull' and ('best waiting in ' .. ct.queue) or '')
  end
end

-- An offer ends without acceptance (declined, expired, agent gone): the contact goes back to its
-- place in line and the agent's slot is freed. Returns the agent.
local function end_offer(ct, kind, detail, cool)
  local ag = load_agent(ct.oagent)
  requeue(ct)
  if ag then
    redis.call('HDEL', P .. 'ah:' .. ag.id, ct.id)
    release(ag, ct.ch)
    refresh(ag)
    if cool > 0 then
      redis.call('ZADD', P .. 'dc:' .. ct.id, S(NOW + cool), ag.id)
      redis.call('PEXPIRE', P .. 'dc:' .. ct.id, S(cool + 1000))
    end
  end
  timeline(ct.id, kind, ct.queue, ag and ag.id or '', detail)
  return ag
end

local function set_status(ag, status, reason)
  ag.status = status
  ag.reason = reason
  redis.call('HSET', P .. 'a:' .. ag.id, 'status', status, 'reason', reason, 'since', S(NOW))
end

-- The agent is no longer connected: offers go back at once, assignments after the grace (or never
-- for channels whose contacts stay with the agent, such as a voice call already connected).
-- grace: ms, C.grace unless given (0 when the agent's node died: see sweep.lua).
local function disconnect(ag, why, grace)
  ag.conn = '0'
  redis.call('HSET', P .. 'a:' .. ag.id, 'conn', '0', 'gone', S(NOW))
  redis.call('SREM', P .. 'na:' .. (ag.node or ''), ag.id)
  local held = redis.call('HGETALL', P .. 'ah:' .. ag.id)
  local assigned = 0
  local requeued = {}
  for i = 1, #held, 2 do
    local kind = string.sub(held[i + 1], 1, 1)
    if kind == 'o' then
      local ct = contact(held[i])
      if ct and ct.state == 'offered' and ct.oagent == ag.id then
        local oid = ct.oid
        end_offer(ct, 'offer_returned', why, 0)
        emit('revoke', ag, ct.id, oid, 'session_ended')
        ag = load_agent(ag.id)
        table.insert(requeued, ct)
      end
    elseif kind == 'a' then
      assigned = assigned + 1
    end
  end
  refresh(ag)
  if assigned > 0 then redis.call('ZADD', P .. 'gr', S(NOW + (grace or C.grace)), ag.id) end
  for _, ct in ipairs(requeued) do match_contact(ct) end
  return ag
end

-- An offer nobody answered in time: back in line, the agent cools down on it, and after
-- C.noans expiries in a row the agent is set away ("not responding").
local function expire(ct)
  local oid = ct.oid
  local ag = end_offer(ct, 'offer_expired', 'no answer from ' .. ct.oagent, C.cool)
  if ag then
    emit('revoke', ag, ct.id, oid, 'expired')
    local n = redis.call('HINCRBY', P .. 'a:' .. ag.id, 'noans', 1)
    if n >= C.noans and ag.status == 'available' then
      set_status(ag, 'away', 'not responding')
      refresh(ag)
      emit('status', ag, '', '', 'away', 'not responding')
    end
  end
  match_contact(ct)
  if ag then pull(ag) end
end

-- The calling session must be the agent's live one.
local function session(agent, sess)
  local ag = load_agent(agent)
  if not ag or ag.sess ~= sess or ag.conn ~= '1' then return nil end
  return ag
end

-- Resolves an offer id the agent answers: the contact, or an error code.
local function check_offer(ag, oid)
  local cid, n = string.match(oid, '^of%-(.+)%-(%d+)$')
  if not cid then return nil, 'offer_not_found' end
  local ct = contact(cid)
  if not ct or tonumber(n) > tonumber(redis.call('HGET', P .. 'c:' .. cid, 'offers') or '0') then return nil, 'offer_not_found' end
  if ct.oid ~= oid or ct.state ~= 'offered' then
    return nil, 'offer_no_longer_valid'
  end
  if ct.oagent ~= ag.id then return nil, 'not_your_offer' end
  if ct.oexp <= NOW then
    expire(ct)
    return nil, 'offer_expired'
  end
  return ct, nil
end

-- The contact an agent names in complete / transfer, or an error code.
local function check_assigned(ag, cid)
  local ct = contact(cid)
  if not ct then return nil, 'contact_not_found' end
  if ct.state == 'completed' and ct.agent == ag.id then return nil, 'contact_already_completed' end
  if ct.state ~= 'assigned' or ct.agent ~= ag.id then return nil, 'contact_not_assigned_to_you' end
  return ct, nil
end
