-- publish_strategies.lua: publishes a node's queue strategies (Engine:QueueStrategies) for the
-- matching scripts, unless Redis holds those of a newer configuration version: during a rollout,
-- or after a node restarts from an old file, an older node never overwrites a newer node's.
-- A newer version replaces the hash whole (a strategy it no longer names goes back to the
-- default); the same version adds to it, as every node of one version publishes the same.
-- KEYS: 1 the fence (see includes/keys.lua)
--       and last the tenant's fixed keys it uses: qc, qcv
-- ARGV: 1 the node's configuration version (Routing:ConfigurationVersion), then pairs: queue, strategy
-- Returns: { 1 published or 0 refused, the version Redis held before (-1: none) }; PublishStrategiesScript
--- @include "keys"
local version = tonumber(ARGV[1])
local stored = tonumber(redis.call('GET', key('qcv')) or '-1')
if version < stored then return { 0, stored } end
if version > stored then redis.call('DEL', key('qc')) end
for i = 2, #ARGV - 1, 2 do
  redis.call('HSET', key('qc'), ARGV[i], ARGV[i + 1])
end
redis.call('SET', key('qcv'), ARGV[1])
return { 1, stored }
