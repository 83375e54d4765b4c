using Microsoft.Extensions.Options;
using Routing.Redis.Outbound;
using Routing.Server.Configuration;

namespace Routing.Server.Outbound;

/// <summary>
/// The sweeper's outbound step (run by <see cref="Desk.EngineSweeper"/> for every tenant each pass):
/// deliveries whose acknowledgement deadline passed go back to their outbox, deferred outreach due
/// now goes to its outbox, and the gateway streams
/// of their channels on every node are woken. Any node does it, so a dead node's deliveries come back.
/// Never throws: a failed pass is retried on the next.
/// </summary>
public sealed class OutboundSweep(OutboundStore store, OutboundSignals signals, IOptionsMonitor<OutboundOptions> options, IOptions<RoutingOptions> routing, TimeProvider time, ILogger<OutboundSweep> logger)
{
    public async Task SweepAsync(string tenant, CancellationToken cancellationToken)
    {
        try
        {
            var result = await store.SweepAsync(tenant, Math.Max(1, options.CurrentValue.SweepBatch), time.GetUtcNow(), routing.Value.Node, cancellationToken).ConfigureAwait(false);
            if (result.PutBack > 0)
            {
                OutboundLog.PutBack(logger, tenant, result.PutBack);
            }

            // Deferred outreach whose time has come (quiet hours over, a limit's window passed).
            var released = await store.ReleaseDeferredAsync(tenant, Math.Max(1, options.CurrentValue.SweepBatch), options.CurrentValue.Retention, time.GetUtcNow(), routing.Value.Node, cancellationToken).ConfigureAwait(false);
            foreach (var channel in result.Channels.Union(released.Channels, StringComparer.Ordinal))
            {
                signals.Signal(tenant, channel);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            OutboundLog.SweepFailed(logger, tenant, ex.GetType().Name);
        }
    }
}
