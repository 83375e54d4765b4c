-- context.lua: what every engine script receives first. ARGV[1] = now (Unix ms), ARGV[2] = this
-- node's name, ARGV[3] = the engine settings "key=value,..." (EngineSettings.ToArgument).
--- @include "keys"
local NOW = tonumber(ARGV[1])
local NODE = ARGV[2]
local C = {}
for k, v in string.gmatch(ARGV[3], '([%w_%-]+)=([^,]*)') do C[k] = tonumber(v) end

-- A number as Redis stores it (no exponent, no fraction).
local function S(n) return string.format('%.0f', n) end

-- True when the comma-separated list holds the item.
local function has(list, item)
  return list ~= nil and list ~= '' and string.find(',' .. list .. ',', ',' .. item .. ',', 1, true) ~= nil
end
