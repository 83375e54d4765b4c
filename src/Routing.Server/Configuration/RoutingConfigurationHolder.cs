using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Routing.Server.Configuration;

/// <summary>
/// The routing configuration this node runs, reloaded without a restart. On every configuration
/// change (appsettings.json is loaded with reloadOnChange) the reloadable sections are bound afresh
/// through their options factories, so the same validators as at start-up judge them; a valid change
/// replaces <see cref="Current"/> whole, an invalid one is refused with one error log line naming
/// the keys and the last good configuration stays in force. Singletons read <see cref="Current"/>
/// at use time and never keep what it returns.
/// </summary>
public sealed class RoutingConfigurationHolder : IDisposable
{
    /// <summary>The sections whose content makes the configuration hash (what routes contacts).</summary>
    public static readonly IReadOnlyList<string> HashedSections =
        [RulesOptions.SectionName, ChannelsOptions.SectionName, "Engine:QueueStrategies", LimitsOptions.SectionName, "Ingest:Limits", "Queues"];

    private readonly IConfiguration _configuration;
    private readonly LastGoodOptionsFactory<RulesOptions> _rules;
    private readonly LastGoodOptionsFactory<ChannelsOptions> _channels;
    private readonly LastGoodOptionsFactory<EngineOptions> _engine;
    private readonly LastGoodOptionsFactory<LimitsOptions> _limits;
    private readonly LastGoodOptionsFactory<IngestOptions> _ingest;
    private readonly LastGoodOptionsFactory<RoutingOptions> _routing;
    private readonly TimeProvider _time;
    private readonly ILogger<RoutingConfigurationHolder> _logger;
    private readonly Lock _reloading = new();
    private readonly IDisposable _subscription;
    private volatile RoutingConfiguration _current;

    // A configuration change raises one reload per provider (and file watchers may fire twice): a refused configuration is logged once.
    private (string Hash, string? Version)? _lastRefused;

    public RoutingConfigurationHolder(
        IConfiguration configuration,
        LastGoodOptionsFactory<RulesOptions> rules,
        LastGoodOptionsFactory<ChannelsOptions> channels,
        LastGoodOptionsFactory<EngineOptions> engine,
        LastGoodOptionsFactory<LimitsOptions> limits,
        LastGoodOptionsFactory<IngestOptions> ingest,
        LastGoodOptionsFactory<RoutingOptions> routing,
        TimeProvider time,
        ILogger<RoutingConfigurationHolder> logger)
    {
        (_configuration, _rules, _channels, _engine, _limits, _ingest, _routing, _time, _logger) = (configuration, rules, channels, engine, limits, ingest, routing, time, logger);

        // At start an invalid configuration stops the node (OptionsValidationException), as ValidateOnStart would.
        _current = Build(Hash(configuration));
        Node = _routing.CreateValidated(Options.DefaultName).Node;
        ConfigurationLog.Applied(logger, _current.Version, _current.Hash, Node);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    private RoutingConfigurationHolder(RoutingConfiguration configuration, string node)
    {
        _current = configuration;
        Node = node;
        _configuration = null!;
        _rules = null!;
        _channels = null!;
        _engine = null!;
        _limits = null!;
        _ingest = null!;
        _routing = null!;
        _time = TimeProvider.System;
        _logger = null!;
        _subscription = new CancellationTokenRegistration();
    }

    /// <summary>A holder of one configuration that never reloads (unit tests of the classes that read it).</summary>
    public static RoutingConfigurationHolder Fixed(RoutingConfiguration configuration, string node = "node") => new(configuration, node);

    /// <summary>Raised after a new configuration is in force (on the thread that reloaded the configuration).</summary>
    public event Action<RoutingConfiguration>? Changed;

    /// <summary>The configuration in force: read it at use time, for each contact or command.</summary>
    public RoutingConfiguration Current => _current;

    public string Node { get; }

    public void Dispose() => _subscription.Dispose();

    /// <summary>A hash of the routing sections as configured: equal on two nodes with the same configuration.</summary>
    public static string Hash(IConfiguration configuration)
    {
        var text = new StringBuilder();
        foreach (var section in HashedSections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
            {
                text.Append(key.ToLowerInvariant()).Append('=').Append(value).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private void Reload()
    {
        lock (_reloading)
        {
            var hash = Hash(_configuration);
            var seen = (hash, _configuration[$"{RoutingOptions.SectionName}:{nameof(RoutingOptions.ConfigurationVersion)}"]);
            var old = _current;
            if (_lastRefused == seen)
            {
                return;
            }

            try
            {
                var version = _routing.CreateValidated(Options.DefaultName).ConfigurationVersion;
                if (hash == old.Hash && version == old.Version)
                {
                    return;
                }

                _lastRefused = seen;
                _current = Build(hash);
            }
            catch (Exception ex) when (LastGoodOptionsFactory<RulesOptions>.IsInvalid(ex))
            {
                _lastRefused = seen;
                // The validators name the key; so does the binder for a value it cannot convert (e.g. "Priority": "high").
                ConfigurationLog.Rejected(_logger, Node, old.Version, old.Hash, ex is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : ex.Message);
                return;
            }

            _lastRefused = null;
            ConfigurationLog.Applied(_logger, _current.Version, _current.Hash, Node);
        }

        Changed?.Invoke(_current);
    }

    private RoutingConfiguration Build(string hash) => RoutingConfiguration.From(
        _routing.CreateValidated(Options.DefaultName).ConfigurationVersion,
        hash,
        _rules.CreateValidated(Options.DefaultName),
        _channels.CreateValidated(Options.DefaultName),
        _engine.CreateValidated(Options.DefaultName),
        _limits.CreateValidated(Options.DefaultName),
        _ingest.CreateValidated(Options.DefaultName),
        _time);
}
