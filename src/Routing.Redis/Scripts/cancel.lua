-- cancel.lua: the customer abandoned a contact. A waiting contact leaves its queue; an offered one
-- has its offer revoked and the agent's slot freed (includes/cancel_contact.lua). Any other state
-- is answered, not changed. The cancelled contact expires after the retention.
-- KEYS: 1 the fence (see includes/keys.lua), 2 contact, 3 contact's timeline
--       and last the tenant's fixed keys it uses: ox, aqx, qc, hx, cbx
-- ARGV: 1-3 see includes/context.lua, 4 contact id, 5 reason
-- Returns: outcome, previous state, channel, events; CancelScript.Decode
--- @include "cancel_contact"
local ct = contact(ARGV[4])
if not ct then return { 'not_found', '', '', EV } end
if not cancel_contact(ct, ARGV[5], false) then return { 'bad_state', ct.state, ct.ch, EV } end
return { 'cancelled', ct.state, ct.ch, EV }
