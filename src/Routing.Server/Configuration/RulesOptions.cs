using Routing.Core.Rules;

namespace Routing.Server.Configuration;

/// <summary>Ordered routing rules (first match wins) and the default rule.</summary>
public sealed class RulesOptions
{
    public const string SectionName = "RoutingRules";

    public List<RoutingRule> Rules { get; set; } = [];

    public RoutingRule Default { get; set; } = new() { Name = "default", Queue = "general", Priority = 10, ServiceLevelSeconds = 120 };
}
