-- presence.lua: an agent that is no longer connected (stream ended, replaced, node died).
--- @include "match"

-- Offers go back at once, assignments after the grace ("gr"), or never for channels whose contacts
-- stay with the agent (such as a voice call already connected).
-- grace: ms, C.grace unless given (0 when the agent's node died: see sweep.lua).
local function disconnect(ag, why, grace)
  ag.conn = '0'
  redis.call('HSET', key('a:' .. ag.id), 'conn', '0', 'gone', S(NOW))
  redis.call('SREM', key('na:' .. (ag.node or '')), ag.id)
  dl_leave(ag)
  local held = redis.call('HGETALL', key('ah:' .. ag.id))
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
  if assigned > 0 then redis.call('ZADD', key('gr'), S(NOW + (grace or C.grace)), ag.id) end
  for _, ct in ipairs(requeued) do match_contact(ct) end
  return ag
end
