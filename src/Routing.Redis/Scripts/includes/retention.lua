-- retention.lua: how long a customer's data stays. A finished (completed or cancelled) contact, its
-- messages and timeline expire C.ret ms (Retention:Contacts) after it finished; the customer's
-- thread, journey and conversation live at least as long as any contact they list, so a customer's
-- data can always be found through them (export, erasure) until it expires.
--- @include "context"

-- Sets the key's TTL to ms unless it already lives longer (a missing key stays missing).
local function extend_ttl(k, ms)
  local ttl = redis.call('PTTL', k)
  if ttl ~= -2 and ttl < ms then redis.call('PEXPIRE', k, S(ms)) end
end

-- The contact is finished: it, its merged messages and its timeline expire after the retention;
-- its CRM snapshot lives at least that long.
local function retain(ct)
  local ms = S(C.ret)
  redis.call('PEXPIRE', key('c:' .. ct.id), ms)
  redis.call('PEXPIRE', key('c:' .. ct.id .. ':tl'), ms)
  redis.call('PEXPIRE', key('c:' .. ct.id .. ':msgs'), ms)
  if ct.thread and ct.thread ~= '' then
    extend_ttl(key('t:' .. ct.thread), C.ret)
    extend_ttl(key('j:' .. ct.thread), C.ret)
    -- The CRM snapshot it shares with the thread's other contacts of that version (ContactHash).
    if ct.crmv and ct.crmv ~= '' then extend_ttl(key('s:' .. ct.thread .. ':' .. ct.crmv), C.ret) end
  end
  if ct.conv and ct.conv ~= '' then
    extend_ttl(key('v:' .. ct.conv), C.ret)
    extend_ttl(key('v:' .. ct.conv .. ':c'), C.ret)
  end
end
