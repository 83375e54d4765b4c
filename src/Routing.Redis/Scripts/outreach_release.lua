-- outreach_release.lua: deferred outreach whose time has come goes to its channel's outbox. Claimed
-- by removing it from odx inside this script, so whichever node sweeps, each is released once.
-- Its place under the customer's limits was counted when it was deferred (outreach_queue.lua).
-- A customer who opted out of its channel through the router meanwhile (a gateway's STOP,
-- Outreach.UpdateConsent: cs:{customer}) is not written to on it: the delivery fails instead.
-- KEYS: 1 the fence (see includes/keys.lua), and last the tenant's fixed keys it uses: odx
-- ARGV: 1-3 see includes/context.lua, 4 batch size, 5 retention of a failed delivery (ms)
-- Returns: { deliveries released, channels with new work (one entry each) }; OutreachScripts.DecodeRelease
--- @include "keys"
--- @include "context"
local items = redis.call('ZRANGEBYSCORE', key('odx'), '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))
local released, seen, channels = 0, {}, {}
for _, id in ipairs(items) do
  redis.call('ZREM', key('odx'), id)
  local dk = key('d:' .. id)
  local f = redis.call('HMGET', dk, 'state', 'ch', 'cust')
  local consent = f[1] == 'deferred' and f[3] and redis.call('HGET', key('cs:' .. f[3]), f[2])
  if consent and string.sub(consent, 1, 1) == '0' then
    redis.call('HSET', dk, 'state', 'failed', 'reason', 'the customer opted out of ' .. f[2] .. ' while it waited')
    redis.call('PEXPIRE', dk, ARGV[5])
  elseif f[1] == 'deferred' then
    redis.call('HSET', dk, 'state', 'queued', 'qat', ARGV[1])
    redis.call('ZADD', key('do:' .. f[2]), ARGV[1], id)
    released = released + 1
    if not seen[f[2]] then seen[f[2]] = true; table.insert(channels, f[2]) end
  end
end
return { released, channels }
