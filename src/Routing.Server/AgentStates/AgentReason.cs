namespace Routing.Server.AgentStates;

/// <summary>A reason code resolved against configuration: its label and how it counts ("away" / "wrap_up"); empty code for none.</summary>
public sealed record AgentReason(string Code, string Label, string Kind)
{
    public static AgentReason None { get; } = new("", "", "");
}
