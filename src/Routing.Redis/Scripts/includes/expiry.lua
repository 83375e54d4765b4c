-- expiry.lua: offers nobody answered in time.
--- @include "match"

-- An offer nobody answered in time: back in line, the agent cools down on it, and after
-- C.noans expiries in a row the agent is set away with the reserved reason code "no_answer".
local function expire(ct)
  local oid = ct.oid
  -- A bundle (includes/bundle.lua) expires whole.
  local members = bundle_members(ct, ct.oagent)
  local ag = end_offer(ct, 'offer_expired', 'no answer from ' .. ct.oagent, C.cool)
  for _, m in ipairs(members) do
    local moid = m.oid
    end_offer(m, 'offer_expired', 'no answer from ' .. m.oagent .. ' (with its bundle, ' .. ct.id .. ')', C.cool)
    if ag then emit('revoke', ag, m.id, moid, 'expired') end
  end
  if ag then
    emit('revoke', ag, ct.id, oid, 'expired')
    local n = redis.call('HINCRBY', key('a:' .. ag.id), 'noans', 1)
    if n >= C.noans and ag.status == 'available' then
      set_status(ag, 'away', 'no_answer')
      redis.call('HSET', key('a:' .. ag.id), 'rkind', 'away', 'rby', 'router')
      refresh(ag)
      emit('status', ag, '', '', 'away', 'no_answer', 'router')
    end
  end
  match_contact(ct)
  for _, m in ipairs(members) do
    local again = contact(m.id)
    if again then match_contact(again) end
  end
  if ag then pull(ag) end
end
