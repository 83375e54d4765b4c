-- keys.lua: how a script names keys, and the fence that keeps it whole on Redis Cluster.
--
-- Every key the caller can name is declared in KEYS (RoutingKeys builds the names; each script's C#
-- contract, Scripts/*Script.cs, builds its KEYS): KEYS[1] is always the tenant's fence
-- "routing:{tenant}:fence", a key that never exists; then the script's own keys, at the positions
-- its header lists; last the tenant's fixed keys it uses (ox, aqx, qc, ...; RedisKeyLayoutTests
-- checks that a script declares exactly the fixed keys its text names).
--
-- Why the fence: while a cluster slot is MIGRATING, a multi-key command whose declared keys are not
-- all present on the node is refused with TRYAGAIN (or ASK, then TRYAGAIN on the importing node)
-- before the script runs. The fence is never present, so no script runs during a migration, and
-- none can fail half-way on a key it learned from data that has already moved. The client retries.
--
-- Inside a script every key is named with key(suffix) (or read from KEYS): the fixed keys, and
-- the keys it can only learn from data (a contact id popped from a queue, an agent id taken from a
-- free-agent set, a conversation read from a contact). key() prefixes the suffix with the prefix of
-- KEYS[1], so every key shares its hash tag and slot.
local unpack = unpack or table.unpack

-- "routing:{tenant}:", the prefix (with the hash tag) of every key of the tenant; KEYS[1] must be its fence.
local P = string.match(KEYS[1] or '', '^([^{]*{[^}]*}:)fence$')
if not P then return redis.error_reply('ERR routing: KEYS[1] must be the tenant\'s fence key, not ' .. tostring(KEYS[1])) end

-- Fail closed: every declared key must be the same tenant's, checked before anything is written.
do
  local sub, n = string.sub, #P
  for i = 2, #KEYS do
    if sub(KEYS[i], 1, n) ~= P then
      return redis.error_reply('ERR routing: KEYS[' .. i .. '] is not a key of ' .. P .. ' (keys of two tenants)')
    end
  end
end

-- The one way a script names a key: the declared tenant prefix plus the suffix.
local function key(suffix) return P .. suffix end
