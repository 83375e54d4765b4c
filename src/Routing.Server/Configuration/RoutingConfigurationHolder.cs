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
    private readonly IOptionsFactory<RulesOptions> _rules;
    private readonly IOptionsFactory<ChannelsOptions> _channels;
    private readonly IOptionsFactory<EngineOptions> _engine;
    private readonly IOptionsFactory<LimitsOptions> _limits;
    private readonly IOptionsFactory<IngestOptions> _ingest;
    private readonly IOptionsFactory<RoutingOptions> _routing;
    private readonly TimeProvider _time;
    private readonly ILogger<RoutingConfigurationHolder> _logger;
    private readonly Lock _reloading = new();
    private readonly IDisposable _subscription;
    private volatile RoutingConfiguration _current;

    public RoutingConfigurationHolder(
        IConfiguration configuration,
        IOptionsFactory<RulesOptions> rules,
        IOptionsFactory<ChannelsOptions> channels,
        IOptionsFactory<EngineOptions> engine,
        IOptionsFactory<LimitsOptions> limits,
        IOptionsFactory<IngestOptions> ingest,
        IOptionsFactory<RoutingOptions> routing,
        TimeProvider time,
        ILogger<RoutingConfigurationHolder> logger)
    {
        (_configuration, _rules, _channels, _engine, _limits, _ingest, _routing, _time, _logger) = (configuration, rules, channels, engine, limits, ingest, routing, time, logger);

        // At start an invalid configuration stops the node (OptionsValidationException), as ValidateOnStart would.
        _current = Build(Hash(configuration));
        Node = _routing.Create(Options.DefaultName).Node;
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
            var old = _current;
            try
            {
                var version = _routing.Create(Options.DefaultName).ConfigurationVersion;
                if (hash == old.Hash && version == old.Version)
                {
                    return;
                }

                _current = Build(hash);
            }
            catch (OptionsValidationException ex)
            {
                ConfigurationLog.Rejected(_logger, Node, old.Version, old.Hash, string.Join(" ", ex.Failures));
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                // A value the binder cannot convert (e.g. "Priority": "high") names its key in the message.
                ConfigurationLog.Rejected(_logger, Node, old.Version, old.Hash, ex.Message);
                return;
            }

            ConfigurationLog.Applied(_logger, _current.Version, _current.Hash, Node);
        }

        Changed?.Invoke(_current);
    }

    private RoutingConfiguration Build(string hash) => RoutingConfiguration.From(
        _routing.Create(Options.DefaultName).ConfigurationVersion,
        hash,
        _rules.Create(Options.DefaultName),
        _channels.Create(Options.DefaultName),
        _engine.Create(Options.DefaultName),
        _limits.Create(Options.DefaultName),
        _ingest.Create(Options.DefaultName),
        _time);
}
