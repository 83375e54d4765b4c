-- erase.lua: the right to be forgotten, for one thread of a customer (their customer thread, or an
-- address thread of an unknown sender). Every contact the thread's journey or conversations list is
-- first cancelled if still in flight (waiting, offered or assigned: the agent's desk hears a revoke
-- as for a cancel, its slot frees), then every key holding the customer's data is deleted: the
-- contacts, their CRM snapshots, merged messages, timelines, decline cool-downs, idempotency records and pending
-- CRM write-backs, the conversations, the thread and the journey, and for a customer thread the
-- customer's consent changes (cs:{customer}) and their queued write-backs, their outreach counters
-- (ol:, oh:) and outreach not yet handed to a gateway. A second call finds nothing.
-- KEYS: 1 the fence (see includes/keys.lua), 2 the thread, 3 its journey
--       and last the tenant's fixed keys it uses: ox, aqx, qc, wb, hx, dlx, csw, odx, cbx
-- ARGV: 1-3 see includes/context.lua, 4 reason (for the moment the contacts are cancelled)
-- Returns: the erased contact ids, the cancelled contact ids, events; EraseScript.Decode
--- @include "cancel_contact"
local THREAD, JOURNEY = KEYS[2], KEYS[3]

local ids, seen, convs, conv_seen = {}, {}, {}, {}
local function add_contact(cid)
  if cid and cid ~= '' and not seen[cid] then seen[cid] = true; table.insert(ids, cid) end
end
local function add_conv(cv)
  if cv and cv ~= '' and not conv_seen[cv] then
    conv_seen[cv] = true
    table.insert(convs, cv)
    for _, cid in ipairs(redis.call('LRANGE', key('v:' .. cv .. ':c'), 0, -1)) do add_contact(cid) end
  end
end

for _, cid in ipairs(redis.call('ZRANGE', JOURNEY, 0, -1)) do add_contact(cid) end
add_conv(redis.call('HGET', THREAD, 'conv'))
local i = 1
while i <= #ids do
  add_conv(redis.call('HGET', key('c:' .. ids[i]), 'conv'))
  i = i + 1
end

-- First end everything in flight, then let the freed agents pull: none is offered this customer's
-- next contact between two cancels.
local cancelled, freed, freed_seen = {}, {}, {}
for _, cid in ipairs(ids) do
  local ct = contact(cid)
  if ct then
    local done, ag = cancel_contact(ct, ARGV[4], true, true)
    if done then table.insert(cancelled, cid) end
    if ag and not freed_seen[ag.id] then freed_seen[ag.id] = true; table.insert(freed, ag.id) end
  end
end

local erased = {}
for _, cid in ipairs(ids) do
  local ck = key('c:' .. cid)
  local f = redis.call('HMGET', ck, 'ch', 'ext', 'thread', 'crmv')
  -- The CRM snapshot it was routed with (shared with the thread's other contacts, all erased here).
  if f[3] and f[4] then redis.call('DEL', key('s:' .. f[3] .. ':' .. f[4])) end
  if f[1] and f[2] then
    local x = key('x:' .. f[1] .. ':' .. f[2])
    if redis.call('GET', x) == cid then redis.call('DEL', x) end
    for _, m in ipairs(redis.call('LRANGE', ck .. ':msgs', 0, -1)) do
      local ext = string.match(m, '"externalId":"(.-)"')
      if ext then
        local mx = key('x:' .. f[1] .. ':' .. ext)
        if redis.call('GET', mx) == cid then redis.call('DEL', mx) end
      end
    end
  end
  if redis.call('DEL', ck, ck .. ':tl', ck .. ':msgs', key('dc:' .. cid)) > 0 then table.insert(erased, cid) end
  redis.call('ZREM', key('wb'), cid)
  -- Business hours and dead letters: no deadline keeps the erased contact's id.
  redis.call('ZREM', key('hx'), cid)
  redis.call('ZREM', key('dlx'), cid)
end
for _, cv in ipairs(convs) do redis.call('DEL', key('v:' .. cv), key('v:' .. cv .. ':c')) end
redis.call('DEL', THREAD, JOURNEY)

-- A customer thread ("t:cust:{customer}") also holds the customer's consent changes.
local customer = string.match(THREAD, ':t:cust:(.+)$')
if customer then
  local consents = key('cs:' .. customer)
  for _, ch in ipairs(redis.call('HKEYS', consents)) do redis.call('ZREM', key('csw'), customer .. '|' .. ch) end
  redis.call('DEL', consents)
  -- Their outreach not yet handed to a gateway (deferred or queued) goes too, with its counters.
  local sent = key('ol:' .. customer)
  for _, id in ipairs(redis.call('ZRANGE', sent, 0, -1)) do
    local dk = key('d:' .. id)
    local f = redis.call('HMGET', dk, 'state', 'ch')
    if f[1] == 'deferred' then
      redis.call('ZREM', key('odx'), id)
      redis.call('DEL', dk)
    elseif f[1] == 'queued' then
      redis.call('ZREM', key('do:' .. f[2]), id)
      redis.call('DEL', dk)
    end
  end
  redis.call('DEL', sent, key('oh:' .. customer))
end

for _, a in ipairs(freed) do pull({ id = a }) end
return { erased, cancelled, EV }
