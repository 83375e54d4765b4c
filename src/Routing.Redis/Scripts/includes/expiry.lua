-- expiry.lua: offers nobody answered in time, and checking an offer id an agent answers.
--- @include "match"

-- An offer nobody answered in time: back in line, the agent cools down on it, and after
-- C.noans expiries in a row the agent is set away ("not responding").
local function expire(ct)
  local oid = ct.oid
  local ag = end_offer(ct, 'offer_expired', 'no answer from ' .. ct.oagent, C.cool)
  if ag then
    emit('revoke', ag, ct.id, oid, 'expired')
    local n = redis.call('HINCRBY', key('a:' .. ag.id), 'noans', 1)
    if n >= C.noans and ag.status == 'available' then
      set_status(ag, 'away', 'not responding')
      refresh(ag)
      emit('status', ag, '', '', 'away', 'not responding')
    end
  end
  match_contact(ct)
  if ag then pull(ag) end
end

-- Resolves an offer id the agent answers: the contact, or an error code.
local function check_offer(ag, oid)
  local cid, n = string.match(oid, '^of%-(.+)%-(%d+)$')
  if not cid then return nil, 'offer_not_found' end
  local ct = contact(cid)
  if not ct or tonumber(n) > tonumber(redis.call('HGET', key('c:' .. cid), 'offers') or '0') then return nil, 'offer_not_found' end
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
