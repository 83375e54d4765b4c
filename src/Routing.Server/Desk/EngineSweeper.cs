using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Routing.Core.Telemetry;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Tenants;

namespace Routing.Server.Desk;

/// <summary>
/// Every node sweeps every active tenant on a short period: expired offers, affinity waits that ran
/// out, wrap-ups that ended, reconnect graces that passed, and nodes that stopped sweeping (their
/// agents' work is recovered). Each item is claimed inside the sweep script, so nodes never process
/// the same item twice. The sweep also is this node's heartbeat in the tenant, so it must outlive
/// any failure of its store: a node that stopped sweeping a tenant is declared dead in it by the
/// others after <see cref="EngineOptions.NodeTimeout"/>. Tenants are swept apart
/// (<see cref="TenantRounds"/>): a tenant gets at most <see cref="BatchesPerTurn"/> batches a round,
/// and one whose sweep fails or hangs does not hold up the others' sweeps or heartbeats.
/// </summary>
public sealed class EngineSweeper(
    RoutingEngineStore engine,
    ContactQueueStore contacts,
    EventDispatcher dispatcher,
    RoutingMetrics metrics,
    ActiveTenants tenants,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> options,
    Outbound.OutboundSweep outbound,
    ILogger<EngineSweeper> logger) : BackgroundService
{
    /// <summary>A node timeout no heartbeat is older than: no node is declared dead this pass.</summary>
    private static readonly TimeSpan NeverDead = TimeSpan.FromDays(3650);

    private const int BatchesPerTurn = 5;

    private const int ParallelTenants = 8;

    private readonly ConcurrentDictionary<string, TenantSweepState> _states = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var outage = new LoopOutage(logger, "sweeper");
        var rounds = new TenantRounds(ParallelTenants);
        using var timer = new PeriodicTimer(o.SweepInterval, time);
        try
        {
            do
            {
                try
                {
                    await tenants.RefreshAsync().WaitAsync(o.NodeTimeout / 3, stoppingToken).ConfigureAwait(false);
                    outage.Succeeded("registry");
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The tenants known so far are still swept.
                    outage.Failed(ex, "registry");
                }

                await rounds.RunAsync(tenants.All, t => SweepAsync(t, outage, stoppingToken), o.SweepInterval, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await rounds.DrainAsync().ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private async Task SweepAsync(string tenant, LoopOutage outage, CancellationToken stoppingToken)
    {
        var o = options.Value;
        var state = _states.GetOrAdd(tenant, static _ => new TenantSweepState());
        try
        {
            // After its own outage in this tenant (failed sweeps, or one that waited long for Redis)
            // this node has not seen the others heartbeat in it for a while either: it judges no node
            // dead before it has swept the tenant normally for two node timeouts, or a Redis restart
            // would make the nodes declare each other dead (they reconnect a few seconds apart on a
            // busy machine).
            var judging = !state.Failing && (state.RecoveredAt is not { } at || time.GetElapsedTime(at) >= o.NodeTimeout * 2);
            var nodeTimeout = judging ? o.NodeTimeout : NeverDead;
            var started = time.GetTimestamp();
            int processed;
            var batches = 0;
            do
            {
                var reply = await engine.SweepAsync(new SweepCommand(tenant, routing.Value.Node, o.SweepBatch, nodeTimeout, time.GetUtcNow()), stoppingToken).ConfigureAwait(false);
                (processed, var events) = reply;
                dispatcher.Dispatch(tenant, events);
                foreach (var queue in reply.DeadLettered)
                {
                    metrics.ContactDeadLettered(queue);
                }

                await CountExpiriesAsync(tenant, events).ConfigureAwait(false);
            }
            while (processed >= o.SweepBatch && ++batches < BatchesPerTurn && !stoppingToken.IsCancellationRequested);
            await outbound.SweepAsync(tenant, stoppingToken).ConfigureAwait(false);
            outage.Succeeded(tenant);
            if (state.Failing || time.GetElapsedTime(started) > o.NodeTimeout / 3)
            {
                state.Failing = false;
                state.RecoveredAt = time.GetTimestamp();
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            state.Failing = true;
            // Any exception: StackExchange.Redis throws more than RedisException while it reconnects.
            outage.Failed(ex, tenant);
        }
    }

    /// <summary>
    /// Expiries are counted here, by the node whose sweep claimed them (exactly once whichever node
    /// holds the agent's stream), with the contact's channel read back (expiries are rare).
    /// </summary>
    private async Task CountExpiriesAsync(string tenant, IReadOnlyList<RoutingEvent> events)
    {
        foreach (var e in events)
        {
            if (e is { Kind: RoutingEventKind.Revoke, RevokeReason: EngineRevokeReason.Expired })
            {
                string channel;
                try
                {
                    channel = await contacts.GetChannelAsync(tenant, e.ContactId).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // The expiry happened; only its channel is unknown.
                    channel = "";
                }

                metrics.Desk("expired", channel);
            }
        }
    }

    /// <summary>One tenant's sweeping health on this node; touched only by that tenant's turn.</summary>
    private sealed class TenantSweepState
    {
        public bool Failing { get; set; }

        public long? RecoveredAt { get; set; }
    }
}
