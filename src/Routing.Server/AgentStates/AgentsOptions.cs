namespace Routing.Server.AgentStates;

/// <summary>
/// Agent states: the reason codes an agent (or a supervisor) may give for AWAY. Read at use time
/// (IOptionsMonitor), so a changed list applies without a restart. Without any configured code the
/// built-in list applies (<see cref="Defaults"/>, also in appsettings.json).
/// </summary>
public sealed class AgentsOptions
{
    public const string SectionName = "Agents";

    /// <summary>The router's own code for an agent set away after unanswered offers (Engine:MaxConsecutiveExpiries); never accepted from a desk.</summary>
    public const string NoAnswer = "no_answer";

    public Dictionary<string, ReasonCodeOptions> ReasonCodes { get; set; } = new(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, ReasonCodeOptions> Defaults { get; } = new Dictionary<string, ReasonCodeOptions>(StringComparer.Ordinal)
    {
        ["break"] = new() { Label = "Break" },
        ["lunch"] = new() { Label = "Lunch" },
        ["training"] = new() { Label = "Training" },
        ["meeting"] = new() { Label = "Meeting" },
        ["coaching"] = new() { Label = "Coaching" },
        ["after_call_work"] = new() { Label = "After-call work", Counts = ReasonKinds.WrapUp },
        ["other"] = new() { Label = "Other" },
    };
}
