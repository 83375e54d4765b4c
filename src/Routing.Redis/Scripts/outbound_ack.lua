-- outbound_ack.lua: a gateway acknowledges a delivery: delivered or failed (finished: it expires
-- after the retention) or accepted (the gateway holds it: no redelivery, a final ack may follow).
-- Idempotent: an ack of a finished delivery changes nothing. A late ack of a delivery the sweep
-- already put back in its outbox still counts (the outbox entry is removed), so a gateway that
-- delivered is never handed the same delivery again.
-- KEYS: 1 the fence (see includes/keys.lua), 2 delivery, and last the tenant's fixed keys it uses: dif
-- ARGV: 1-3 see includes/context.lua, 4 delivery id, 5 outcome (delivered|failed|accepted), 6 reason,
--       7 retention of a finished delivery (ms)
-- Returns: { result (applied|duplicate|not_found), state, contact, agent, channel, attempt };
--          OutboundAckScript.Decode
--- @include "outbound"
local id, outcome = ARGV[4], ARGV[5]
local f = redis.call('HMGET', KEYS[2], 'state', 'contact', 'agent', 'ch', 'attempt')
if not f[1] then return { 'not_found', '', '', '', '', '0' } end
local state = f[1]
if state == 'delivered' or state == 'failed' or (state == 'accepted' and outcome == 'accepted') then
  return { 'duplicate', state, f[2] or '', f[3] or '', f[4] or '', f[5] or '0' }
end
redis.call('ZREM', key('dif'), id)
redis.call('ZREM', key('do:' .. f[4]), id)
redis.call('HSET', KEYS[2], 'state', outcome, 'reason', ARGV[6], 'ackat', ARGV[1])
if outcome ~= 'accepted' then redis.call('PEXPIRE', KEYS[2], ARGV[7]) end
local detail = 'on ' .. f[4] .. ', attempt ' .. (f[5] or '0')
if ARGV[6] ~= '' then detail = detail .. ': ' .. ARGV[6] end
delivery_timeline(f[2], 'reply_' .. outcome, f[3], detail, { 'delivery', id, 'channel', f[4] })
return { 'applied', outcome, f[2] or '', f[3] or '', f[4] or '', f[5] or '0' }
