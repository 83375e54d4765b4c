namespace Routing.Server.AgentStates;

/// <summary>The audit trail's words for supervisor actions (the actor is the supervisor's subject).</summary>
public static class SupervisorAuditActions
{
    public const string MoveContact = "move_contact";
    public const string ContactPriority = "contact_priority";
    public const string ForceAgentStatus = "force_agent_status";
    public const string UpdateAgentProfile = "update_agent_profile";
}
