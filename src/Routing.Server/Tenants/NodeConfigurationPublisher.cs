using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Desk;

namespace Routing.Server.Tenants;

/// <summary>
/// Tells the other nodes and the operators what this node runs: every second it writes its
/// configuration version, hash and desk count for each tenant it serves (Supervisor.ListNodes reads
/// them), and at once after a configuration reload, when it also publishes the reloaded queue
/// strategies to the tenants it activated (guarded by version, see <see cref="ActiveTenants.PublishStrategiesAsync"/>).
/// </summary>
public sealed class NodeConfigurationPublisher(
    RoutingConfigurationHolder configuration,
    NodeConfigurationStore store,
    ActiveTenants tenants,
    AgentSessionRegistry sessions,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    ILogger<NodeConfigurationPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A node that has not reported for this long is dropped from the list (it has been gone a day).</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    private const int WritesPerPrune = 600;

    // Like the sweeper, the loop outlives any store failure (logged once per outage): its entries are informational.
    private LoopOutage? _outage;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _outage = new LoopOutage(logger, "node configuration");
        configuration.Changed += OnChanged;
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            var round = 0;
            do
            {
                await WriteAllAsync(tenants.All).ConfigureAwait(false);
                if (round++ % WritesPerPrune == 0)
                {
                    await ForgetSilentAsync(tenants.All).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            configuration.Changed -= OnChanged;
        }
    }

    // Raised on the thread that reloaded the configuration: the writes run on their own.
    private void OnChanged(RoutingConfiguration changed) => _ = RepublishAsync();

    private async Task RepublishAsync()
    {
        foreach (var tenant in tenants.Activated)
        {
            try
            {
                await tenants.PublishStrategiesAsync(tenant).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A node that missed the reload's publish publishes again when the tenant is activated anew (after Redis lost it) or at the next reload.
                ConfigurationLog.PublishFailed(logger, routing.Value.Node, tenant, ex.Message);
            }
        }

        await WriteAllAsync(tenants.All).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure this node is listed for the tenant now: a tenant nothing was written for yet is
    /// not in the registry the loop reports to, so its first ListNodes would find no node at all.
    /// </summary>
    public async Task ReportAsync(string tenant, CancellationToken cancellationToken)
    {
        await tenants.EnsureAsync(tenant, cancellationToken).ConfigureAwait(false);
        var config = configuration.Current;
        await store.WriteAsync(tenant, new NodeConfigurationRecord(routing.Value.Node, config.Version, config.Hash, sessions.CountFor(tenant), config.AppliedAt, time.GetUtcNow()))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAllAsync(IReadOnlyCollection<string> all)
    {
        var config = configuration.Current;
        foreach (var tenant in all)
        {
            try
            {
                await store.WriteAsync(tenant, new NodeConfigurationRecord(routing.Value.Node, config.Version, config.Hash, sessions.CountFor(tenant), config.AppliedAt, time.GetUtcNow())).ConfigureAwait(false);
                _outage?.Succeeded(tenant);
            }
            catch (Exception ex)
            {
                _outage?.Failed(ex, tenant);
            }
        }
    }

    private async Task ForgetSilentAsync(IReadOnlyCollection<string> all)
    {
        foreach (var tenant in all)
        {
            try
            {
                await store.ForgetSilentAsync(tenant, time.GetUtcNow() - ForgetAfter).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _outage?.Failed(ex, tenant);
            }
        }
    }
}
