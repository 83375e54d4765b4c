namespace Routing.Core.Rules;

/// <summary>A configured routing rule: when a contact matches, where it goes and how urgently.</summary>
public sealed class RoutingRule
{
    public string Name { get; set; } = "";
    public RuleCondition When { get; set; } = new();
    public string Queue { get; set; } = "";

    /// <summary>0 (lowest) to 1000. Higher is served first; waiting time ages lower priorities up.</summary>
    public int Priority { get; set; }
    public List<string> Skills { get; set; } = [];

    /// <summary>The service-level target: answered within this many seconds.</summary>
    public int ServiceLevelSeconds { get; set; } = 60;

    /// <summary>The least proficiency (1-5) an agent needs in each required skill; 0 = any.</summary>
    public int MinProficiency { get; set; }

    /// <summary>Escalation steps, ordered by their waiting time (see <see cref="EscalationStep"/>).</summary>
    public List<EscalationStep> Escalation { get; set; } = [];
}
