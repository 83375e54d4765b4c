-- answer.lua: the offer an agent accepts or declines, checked (it may have just expired).
--- @include "expiry"

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
