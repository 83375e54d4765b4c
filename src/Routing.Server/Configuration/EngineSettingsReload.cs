using Microsoft.Extensions.Options;
using Routing.Redis;

namespace Routing.Server.Configuration;

/// <summary>
/// Keeps what the scripts receive (<see cref="EngineSettingsSource"/>) in step with configuration:
/// the "Engine" timings (offer timeout, cool-down, waits, wrap-up, grace, scan limit) and the
/// channels' own wrap-ups reload without a restart. An invalid change is logged once and the
/// settings in force stay. The priority weight and the contacts' retention are fixed at start
/// (the ingest side scores and keeps contacts with them too).
/// </summary>
public sealed class EngineSettingsReload(
    EngineSettingsSource source,
    IOptionsMonitor<EngineSettings> engine,
    LastGoodOptionsFactory<EngineSettings> validated,
    RoutingConfigurationHolder configuration,
    IOptions<RoutingOptions> routing,
    IOptions<RetentionOptions> retention,
    ILogger<EngineSettingsReload> logger) : IHostedService
{
    private IDisposable? _engineChanges;

    /// <summary>The settings the scripts receive for these configuration values.</summary>
    public static EngineSettings Build(EngineSettings engine, ChannelsOptions channels, RoutingOptions routing, RetentionOptions retention) => engine with
    {
        WrapUpByChannel = channels.ResolveWrapUps(),
        PriorityWeight = routing.PriorityWeight,
        ContactRetention = retention.Contacts,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _engineChanges = engine.OnChange(_ => Apply());
        configuration.Changed += OnConfigurationChanged;
        Apply();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        configuration.Changed -= OnConfigurationChanged;
        _engineChanges?.Dispose();
        return Task.CompletedTask;
    }

    private void OnConfigurationChanged(RoutingConfiguration changed) => Apply();

    private void Apply()
    {
        EngineSettings next;
        try
        {
            next = Build(validated.CreateValidated(Options.DefaultName), configuration.Current.Channels, routing.Value, retention.Value);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            // The monitor stays on the last valid value (LastGoodOptionsFactory); so do the scripts.
            var errors = ex is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : ex.Message;
            ConfigurationLog.EngineSettingsRejected(logger, routing.Value.Node, source.Argument, errors);
            return;
        }

        var argument = next.ToArgument();
        if (argument != source.Argument)
        {
            source.Replace(next);
            ConfigurationLog.EngineSettingsApplied(logger, routing.Value.Node, argument);
        }
    }
}
