-- decline.lua: the agent declines its offer; the contact goes back to its place in line, the
-- agent is not offered it again during the cool-down, and both sides are matched again.
-- ARGV: 1-4 see lib.lua, 5 agent, 6 session, 7 offer id, 8 reason
-- Returns: code, contact id, events
local ag = session(ARGV[5], ARGV[6])
if not ag then return { 'stale_session', '', EV } end
local ct, err = check_offer(ag, ARGV[7])
if not ct then return { err, '', EV } end
local reason = ARGV[8] ~= '' and ARGV[8] or 'no reason given'
ag = end_offer(ct, 'declined', 'declined by ' .. ag.id .. ': ' .. reason, C.cool)
match_contact(ct)
pull(ag)
return { 'ok', ct.id, EV }
