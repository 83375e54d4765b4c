-- keys.lua: how an engine script names keys, and the fence that keeps it whole on Redis Cluster.
--
-- Every key the caller can name is declared in KEYS (RoutingKeys builds the names; each script's C#
-- contract, Scripts/*Script.cs, builds its KEYS). KEYS[1] is always the tenant's fence
-- "routing:{tenant}:fence", a key that never exists, followed by the tenant's fixed keys in the
-- order below (EngineKeys.Fixed), then the script's own keys.
--
-- Why the fence: while a cluster slot is MIGRATING, a multi-key command whose declared keys are not
-- all present on the node is refused with TRYAGAIN (or ASK, then TRYAGAIN on the importing node)
-- before the script runs. The fence is never present, so no script runs during a migration, and
-- none can fail half-way on a key it learned from data that has already moved. The client retries.
--
-- Keys a script can only learn from data (a contact id popped from a queue, an agent id taken from
-- a free-agent set, a conversation read from a contact) are named with key() and nothing else: the
-- prefix of KEYS[1], so they share its hash tag and slot.
local unpack = unpack or table.unpack

-- "routing:{tenant}:", the prefix (with the hash tag) of every key of the tenant.
local P = string.match(KEYS[1], '^[^{]*{[^}]*}:')
if not P then return redis.error_reply('ERR routing: KEYS[1] ' .. tostring(KEYS[1]) .. ' has no tenant hash tag') end

-- Fail closed: every declared key must be the same tenant's, checked before anything is written.
for i = 2, #KEYS do
  if string.sub(KEYS[i], 1, #P) ~= P then
    return redis.error_reply('ERR routing: KEYS[' .. i .. '] is not a key of ' .. P .. ' (keys of two tenants)')
  end
end

-- The one way to name a key learned from data: the declared tenant prefix plus the suffix.
local function key(suffix) return P .. suffix end

-- The tenant's fixed keys, declared by every engine script (see RoutingKeys for what each holds).
local OX, AQX, WU, GR, QC, WB, AGENTS, QUEUES, NODES, DEADNODES =
  KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
