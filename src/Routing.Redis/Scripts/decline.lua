-- decline.lua: the agent declines its offer; the contact goes back to its place in line, the
-- agent is not offered it again during the cool-down, and both sides are matched again.
-- KEYS: 1 the fence (see includes/keys.lua), 2 agent, 3 agent's holdings, 4 offered contact,
--       5 its timeline, 6 its decline cool-downs (the contact as the offer id names it)
--       and last the tenant's fixed keys it uses: ox, aqx, qc
-- ARGV: 1-3 see includes/context.lua, 4 agent, 5 session, 6 offer id, 7 reason
-- Returns: code, contact id, events; DeclineScript.Decode
--- @include "answer"
local ag = session(ARGV[4], ARGV[5])
if not ag then return { 'stale_session', '', EV } end
local ct, err = check_offer(ag, ARGV[6])
if not ct then return { err, '', EV } end
local reason = ARGV[7] ~= '' and ARGV[7] or 'no reason given'
-- A bundle (includes/bundle.lua) is declined whole: all of it goes back in line together (the
-- desk hears its other offers revoked as cancelled), then it is matched again as one.
local members = bundle_members(ct, ag.id)
local who = ag.id
ag = end_offer(ct, 'declined', 'declined by ' .. who .. ': ' .. reason, C.cool)
for _, m in ipairs(members) do
  local oid = m.oid
  end_offer(m, 'declined', 'declined with its bundle (' .. ct.id .. ') by ' .. who .. ': ' .. reason, C.cool)
  if ag then emit('revoke', ag, m.id, oid, 'cancelled') end
end
match_contact(ct)
for _, m in ipairs(members) do
  local again = contact(m.id)
  if again then match_contact(again) end
end
pull(ag)
return { 'ok', ct.id, EV }
