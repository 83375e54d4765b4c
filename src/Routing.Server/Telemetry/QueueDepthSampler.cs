using Microsoft.Extensions.Options;
using Routing.Core.Telemetry;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Desk;
using Routing.Server.Tenants;

namespace Routing.Server.Telemetry;

/// <summary>
/// Feeds the routing.queue.depth gauge: every <see cref="TelemetryOptions.QueueDepthInterval"/>,
/// each active tenant's queues (the set of queue names, then one ZCARD each; no scan) are read and
/// published. A gauge callback must not wait on Redis, so the gauge reports the last sample. Every
/// node reports the same figures for a tenant: aggregate them with max, not sum.
/// </summary>
public sealed class QueueDepthSampler(
    ContactQueueStore contacts,
    ActiveTenants tenants,
    RoutingMetrics metrics,
    TimeProvider time,
    IOptions<TelemetryOptions> options,
    ILogger<QueueDepthSampler> logger) : BackgroundService
{
    private readonly Dictionary<string, IReadOnlyList<QueueDepth>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>
    /// How long one tenant's read may take: the sampling interval, but never less than 5 s, so a short
    /// interval on a busy machine does not turn every slow read into a failure (and no figures at all).
    /// </summary>
    private TimeSpan ReadTimeout => options.Value.QueueDepthInterval > TimeSpan.FromSeconds(5) ? options.Value.QueueDepthInterval : TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new LoopOutage(logger, "queue depth sampler");
        using var timer = new PeriodicTimer(options.Value.QueueDepthInterval, time);
        try
        {
            do
            {
                var active = tenants.All;
                foreach (var tenant in active)
                {
                    try
                    {
                        var waiting = await contacts.CountAllWaitingAsync(tenant, stoppingToken).WaitAsync(ReadTimeout, stoppingToken).ConfigureAwait(false);
                        _byTenant[tenant] = [.. waiting.Select(w => new QueueDepth(tenant, w.Queue, w.Waiting))];
                        outage.Succeeded(tenant);
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The tenant's last figures stay until Redis answers again.
                        outage.Failed(ex, tenant);
                    }
                }

                foreach (var gone in _byTenant.Keys.Except(active, StringComparer.Ordinal).ToList())
                {
                    _byTenant.Remove(gone);
                }

                metrics.QueueDepths([.. _byTenant.Values.SelectMany(d => d)]);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
