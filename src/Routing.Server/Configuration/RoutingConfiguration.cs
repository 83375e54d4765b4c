using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Rules;

namespace Routing.Server.Configuration;

/// <summary>
/// One validated, immutable snapshot of the configuration that may change while the node runs:
/// rules, channels, queue strategies and limits. <see cref="RoutingConfigurationHolder"/> swaps it
/// whole, so a contact is always routed by one consistent version, never half of two.
/// </summary>
public sealed class RoutingConfiguration
{
    /// <summary>The operator's number for this configuration (<c>Routing:ConfigurationVersion</c>); a node never overwrites a newer one's queue strategies.</summary>
    public required long Version { get; init; }

    /// <summary>A content hash of the sections below as configured, so two nodes with the same version but different files show it.</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset AppliedAt { get; init; }

    /// <summary>The rules as configured (anything inside RoutingRules reloads with them).</summary>
    public required RulesOptions Rules { get; init; }

    public required RuleEngine RuleEngine { get; init; }

    public required ChannelsOptions Channels { get; init; }

    public required ChannelCatalog Catalog { get; init; }

    public required ContactValidator Validator { get; init; }

    public required AgentProfileBuilder Profiles { get; init; }

    public required IReadOnlyDictionary<string, string> QueueStrategies { get; init; }

    public required LimitsOptions Limits { get; init; }

    public required IngestLimits IngestLimits { get; init; }

    /// <summary>The snapshot of already bound and validated options.</summary>
    public static RoutingConfiguration From(long version, string hash, RulesOptions rules, ChannelsOptions channels, EngineOptions engine, LimitsOptions limits, IngestOptions ingest, TimeProvider time)
    {
        var catalog = new ChannelCatalog(channels.Resolve());
        return new RoutingConfiguration
        {
            Version = version,
            Hash = hash,
            AppliedAt = time.GetUtcNow(),
            Rules = rules,
            RuleEngine = new RuleEngine(rules.Rules, rules.Default),
            Channels = channels,
            Catalog = catalog,
            Validator = new ContactValidator(catalog, ingest.Limits, time),
            Profiles = new AgentProfileBuilder(catalog, channels.ResolveDesk(), engine.DefaultTotalCapacity),
            QueueStrategies = new Dictionary<string, string>(engine.QueueStrategies, StringComparer.Ordinal),
            Limits = limits,
            IngestLimits = ingest.Limits,
        };
    }
}
