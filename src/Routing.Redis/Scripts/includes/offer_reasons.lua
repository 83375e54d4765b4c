-- offer_reasons.lua: why a contact went to an agent, as the timeline words it.
local reason_text = { strategy = 'selection strategy', affinity = 'open conversation with this agent', preferred = 'preferred agent in the CRM',
  last = 'last agent in the CRM', transfer = 'transferred to this agent', pull = 'agent pulled the best waiting contact' }
