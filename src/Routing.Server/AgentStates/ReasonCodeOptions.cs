namespace Routing.Server.AgentStates;

/// <summary>One configured reason code (Agents:ReasonCodes:{code}).</summary>
public sealed class ReasonCodeOptions
{
    /// <summary>What supervisors and wallboards show, e.g. "Lunch".</summary>
    public string Label { get; set; } = "";

    /// <summary>How an agent away with this reason counts in the queue figures: "away" (default) or "wrap_up".</summary>
    public string Counts { get; set; } = ReasonKinds.Away;
}
