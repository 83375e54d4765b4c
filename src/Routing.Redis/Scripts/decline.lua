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
ag = end_offer(ct, 'declined', 'declined by ' .. ag.id .. ': ' .. reason, C.cool)
match_contact(ct)
pull(ag)
return { 'ok', ct.id, EV }
