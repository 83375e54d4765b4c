namespace Routing.Core.Rules;

/// <summary>Where a contact goes: the outcome of the first matching rule.</summary>
public sealed record RoutingDecision(string Rule, string Queue, int Priority, IReadOnlyList<string> Skills, TimeSpan ServiceLevel);
