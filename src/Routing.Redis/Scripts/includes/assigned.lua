-- assigned.lua: the contact an agent completes or transfers, checked.
--- @include "contact"

-- The contact an agent names in complete / transfer, or an error code.
local function check_assigned(ag, cid)
  local ct = contact(cid)
  if not ct then return nil, 'contact_not_found' end
  if ct.state == 'completed' and ct.agent == ag.id then return nil, 'contact_already_completed' end
  if ct.state ~= 'assigned' or ct.agent ~= ag.id then return nil, 'contact_not_assigned_to_you' end
  return ct, nil
end
