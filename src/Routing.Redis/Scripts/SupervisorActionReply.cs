namespace Routing.Redis;

/// <summary>
/// What a supervisor action's script answered: <see cref="Code"/> "ok" or why it changed nothing
/// ("contact_not_found", "contact_not_waiting", "agent_not_found", "agent_not_connected"), and the
/// events to deliver to the desks concerned, on whichever node holds them.
/// </summary>
/// <param name="Queue">Move: the contact's queue after the move.</param>
/// <param name="AgentId">Move: the agent it was offered to or waits for ("" if none).</param>
/// <param name="Offered">Move: offered at once.</param>
/// <param name="Count">Priority: the previous priority; force status: the offers returned; profile: the agent's load.</param>
public sealed record SupervisorActionReply(string Code, string Queue, string AgentId, bool Offered, int Count, IReadOnlyList<RoutingEvent> Events)
{
    public bool Ok => Code == "ok";
}
