-- offer.lua: offering a contact to an agent ("oid", "oagent", "oexp" in the contact, "ox" expiry,
-- "o|channel" in the agent's holdings "ah:{agent}") and ending an offer without acceptance.
--- @include "events"
--- @include "capacity"
--- @include "contact"
--- @include "queue"
--- @include "deadletter"
--- @include "bundle"

-- Offers a waiting contact to an agent that can take it (the caller checked can_take).
-- score: the strategy's figure for a strategy pick (strategy_figure), else nil; via: the queue the
-- strategy picked in (a widened one, includes/widened.lua), else the contact's own.
-- bundled: true when bundle_waiting offers it (its own waiting siblings are being handled already).
-- An offer to an agent already offered another contact of the conversation joins that offer's
-- bundle (same bundle id and expiry); then the conversation's waiting contacts follow it (bundle.lua).
local function offer(ct, ag, reason, detail, score, via, bundled)
  local ck = key('c:' .. ct.id)
  local n = redis.call('HINCRBY', ck, 'offers', 1)
  local oid = 'of-' .. ct.id .. '-' .. S(n)
  local join = bundle_of(ct, ag)
  local exp = join and join.exp or (NOW + C.offer)
  redis.call('HSET', ck, 'state', 'offered', 'oid', oid, 'oagent', ag.id, 'oexp', S(exp), 'oreason', reason, 'odetail', detail, 'offered', S(NOW), 'bun', join and join.id or '')
  waiting_out(ct.queue, ct.ch, redis.call('ZREM', key('q:' .. ct.queue), ct.id))
  fig(ct.queue, ct.ch, 'off', 1)
  redis.call('ZREM', key('q:' .. ct.queue .. ':' .. ct.ch), ct.id)
  leave_widened(ct)
  if ct.aff ~= '' then
    redis.call('ZREM', key('aq:' .. ct.aff), ct.id)
    redis.call('ZREM', key('aqx'), ct.id)
    redis.call('HDEL', ck, 'aff', 'affr')
  end
  redis.call('ZADD', key('ox'), S(exp), ct.id)
  redis.call('HSET', key('ah:' .. ag.id), ct.id, 'o|' .. ct.ch)
  ag.l[ct.ch] = (ag.l[ct.ch] or 0) + 1
  ag.tload = ag.tload + 1
  ag.lastoff = S(NOW)
  save_load(ag, ct.ch)
  refresh(ag)
  ct.state = 'offered'
  dl_clear(ct, 'offered to ' .. ag.id)
  local why = { 'reason', reason }
  if reason == 'strategy' then
    table.insert(why, 'strategy')
    table.insert(why, strategy(via or ct.queue))
    if score then
      table.insert(why, 'score')
      table.insert(why, score)
    end
  end
  timeline(ct.id, 'offered', ct.queue, ag.id, (reason_text[reason] or reason) .. (detail ~= '' and (': ' .. detail) or ''), why)
  emit('offer', ag, ct.id, oid, reason, detail, S(exp))
  if join then
    timeline(ct.id, 'bundled', ct.queue, ag.id, 'offered together with ' .. join.lead.id .. ' of the same conversation')
  end
  if not bundled then bundle_waiting(ct, ag, offer) end
  return oid
end

-- An offer ends without acceptance (declined, expired, agent gone): the contact goes back to its
-- place in line and the agent's slot is freed. Returns the agent.
local function end_offer(ct, kind, detail, cool)
  local ag = load_agent(ct.oagent)
  requeue(ct)
  if ag then
    redis.call('HDEL', key('ah:' .. ag.id), ct.id)
    release(ag, ct.ch)
    refresh(ag)
    if cool > 0 then cool_down(ct.id, ag.id, cool) end
  end
  timeline(ct.id, kind, ct.queue, ag and ag.id or '', detail)
  return ag
end
