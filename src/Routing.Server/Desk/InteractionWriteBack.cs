using Microsoft.Extensions.Options;
using Routing.Core.Customers;
using Routing.Core.Telemetry;
using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Desk;

/// <summary>
/// Writes completed interactions to the CRM's history. Completion puts the contact in a Redis
/// write-back set in the same script; this worker claims due entries with a lease, writes each
/// through <see cref="IInteractionLog"/> (idempotent on the contact id, so a retry or a second node
/// never duplicates), then removes it. A failed write is retried later; nothing is dropped.
/// </summary>
public sealed class InteractionWriteBack(
    RoutingEngineStore engine,
    ContactQueueStore contacts,
    IInteractionLog log,
    RoutingMetrics metrics,
    TimeProvider time,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> options,
    ILogger<InteractionWriteBack> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    // The CRM's own outage, apart from Redis's: every contact fails while it is down.
    private readonly LoopOutage _crmOutage = new(logger, "crm-write-back (CRM)");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tenant = routing.Value.Tenant;
        var outage = new LoopOutage(logger, "crm-write-back");
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                IReadOnlyList<string> claimed;
                do
                {
                    claimed = (await engine.ClaimWriteBackAsync(new ClaimWriteBackCommand(tenant, 100, Lease, time.GetUtcNow()), stoppingToken).ConfigureAwait(false)).ContactIds;
                    foreach (var contactId in claimed)
                    {
                        await WriteAsync(tenant, contactId, stoppingToken).ConfigureAwait(false);
                    }
                }
                while (claimed.Count == 100 && !stoppingToken.IsCancellationRequested);
                outage.Succeeded();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Any exception: one that escaped would stop the host (StackExchange.Redis throws
                // InvalidOperationException, not only RedisException, while it reconnects).
                outage.Failed(ex);
            }
        }
    }

    private async Task WriteAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        var interaction = await contacts.GetInteractionAsync(tenant, contactId, cancellationToken).ConfigureAwait(false);
        if (interaction is null)
        {
            await engine.ConfirmWriteBackAsync(tenant, contactId).ConfigureAwait(false);
            return;
        }

        bool written;
        try
        {
            written = await log.RecordAsync(interaction, cancellationToken).ConfigureAwait(false);
            _crmOutage.Succeeded();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var retry = options.Value.WriteBackRetry;
            metrics.WriteBack("failed");
            _crmOutage.Failed(ex);
            DeskLog.WriteBackFailed(logger, contactId, retry);
            await engine.RetryWriteBackAsync(tenant, contactId, time.GetUtcNow() + retry).ConfigureAwait(false);
            return;
        }

        await engine.ConfirmWriteBackAsync(tenant, contactId).ConfigureAwait(false);
        metrics.WriteBack(written ? "written" : "already");
    }
}
