-- confirm_writeback.lua: a completed contact's interaction is in the CRM. It leaves the write-back
-- set and, the first time only (whoever removes it from the set: a retry after a lost lease finds
-- the CRM row already there and the set entry gone), the contact records when and the timeline says so.
-- KEYS: 1 the fence (see includes/keys.lua), 2 contact, 3 its timeline
--       and last the tenant's fixed keys it uses: wb
-- ARGV: 1-3 see includes/context.lua, 4 contact id, 5 detail ("interaction written to the CRM", ...)
-- Returns: 1 when this call confirmed it, 0 when it was confirmed before; ConfirmWriteBackScript.Decode
--- @include "timeline"
if redis.call('ZREM', key('wb'), ARGV[4]) == 0 then return 0 end
-- An erased or expired contact gets no new keys (a timeline without its contact would never expire).
if redis.call('EXISTS', KEYS[2]) == 1 and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', KEYS[2], 'wrote', ARGV[1])
  timeline(ARGV[4], 'written_back', '', '', ARGV[5])
end
return 1
