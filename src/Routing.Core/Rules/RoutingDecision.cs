namespace Routing.Core.Rules;

/// <summary>Where a contact goes: the outcome of the first matching rule.</summary>
public sealed record RoutingDecision(string Rule, string Queue, int Priority, IReadOnlyList<string> Skills, TimeSpan ServiceLevel)
{
    /// <summary>The least proficiency an agent needs in each required skill (0 = any).</summary>
    public int MinProficiency { get; init; }

    /// <summary>The rule's escalation steps, ordered by waiting time.</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = [];
}
