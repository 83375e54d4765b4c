using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Desk;

/// <summary>
/// Every node sweeps its tenant on a short period: expired offers, affinity waits that ran out,
/// wrap-ups that ended, reconnect graces that passed, and nodes that stopped sweeping (their agents'
/// work is recovered). Each item is claimed inside the sweep script, so nodes never process the same
/// item twice. The sweep also is this node's heartbeat, so it must outlive any failure of its store:
/// a node that stopped sweeping is declared dead by the others after <see cref="EngineOptions.NodeTimeout"/>.
/// </summary>
public sealed class EngineSweeper(
    RoutingEngineStore engine,
    EventDispatcher dispatcher,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> options,
    ILogger<EngineSweeper> logger) : BackgroundService
{
    /// <summary>A node timeout no heartbeat is older than: no node is declared dead this pass.</summary>
    private static readonly TimeSpan NeverDead = TimeSpan.FromDays(3650);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var tenant = routing.Value.Tenant;
        var outage = new LoopOutage(logger, "sweeper");
        var failing = false;
        long? recoveredAt = null;
        using var timer = new PeriodicTimer(o.SweepInterval, time);
        do
        {
            try
            {
                // After its own outage (failed sweeps, or one that waited long for Redis) this node has not
                // seen the others heartbeat for a while either: it judges no node dead before it has
                // swept normally for two node timeouts, or a Redis restart would make the nodes declare
                // each other dead (they reconnect a few seconds apart on a busy machine).
                var judging = !failing && (recoveredAt is not { } at || time.GetElapsedTime(at) >= o.NodeTimeout * 2);
                var nodeTimeout = judging ? o.NodeTimeout : NeverDead;
                var started = time.GetTimestamp();
                int processed;
                do
                {
                    (processed, var events) = await engine.SweepAsync(new SweepCommand(tenant, routing.Value.Node, o.SweepBatch, nodeTimeout, time.GetUtcNow()), stoppingToken).ConfigureAwait(false);
                    dispatcher.Dispatch(tenant, events);
                }
                while (processed >= o.SweepBatch && !stoppingToken.IsCancellationRequested);
                outage.Succeeded();
                if (failing || time.GetElapsedTime(started) > o.NodeTimeout / 3)
                {
                    failing = false;
                    recoveredAt = time.GetTimestamp();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failing = true;
                // Any exception: StackExchange.Redis throws more than RedisException while it reconnects.
                outage.Failed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
