-- timeline.lua: a contact's timeline, "c:{contact}:tl", JSON entries the C# TimelineEntry reads.
--- @include "context"
local function jstr(s)
  s = tostring(s or '')
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' end
    return string.format('\\u%04x', string.byte(c))
  end)
  return '"' .. s .. '"'
end

-- Appends a timeline event. extra: optional { name, value, ... } more fields, a number value
-- written as a JSON number (TimelineEntry names them).
local function timeline(cid, kind, queue, agent, detail, extra)
  local parts = { '"at":' .. S(NOW), '"kind":' .. jstr(kind) }
  if queue and queue ~= '' then table.insert(parts, '"queue":' .. jstr(queue)) end
  if agent and agent ~= '' then table.insert(parts, '"agent":' .. jstr(agent)) end
  if detail and detail ~= '' then table.insert(parts, '"detail":' .. jstr(detail)) end
  for i = 1, #(extra or {}), 2 do
    local v = extra[i + 1]
    table.insert(parts, jstr(extra[i]) .. ':' .. (type(v) == 'number' and string.format('%.3f', v) or jstr(v)))
  end
  table.insert(parts, '"node":' .. jstr(NODE))
  redis.call('RPUSH', key('c:' .. cid .. ':tl'), '{' .. table.concat(parts, ',') .. '}')
end
