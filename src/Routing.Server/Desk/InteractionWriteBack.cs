using Microsoft.Extensions.Options;
using Routing.Core.Customers;
using Routing.Core.Telemetry;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Tenants;

namespace Routing.Server.Desk;

/// <summary>
/// Writes completed interactions to the CRM's history, for every active tenant. Completion puts the
/// contact in the tenant's Redis write-back set in the same script; this worker claims due entries
/// with a lease, writes each through <see cref="IInteractionLog"/> under the tenant it was claimed
/// from (idempotent on tenant and contact id, so a retry or a second node never duplicates), then
/// removes it. A failed write is retried later; nothing is dropped. Tenants take turns
/// (<see cref="TenantRounds"/>): at most <see cref="ClaimsPerTurn"/> claims a tenant a round.
/// </summary>
public sealed class InteractionWriteBack(
    RoutingEngineStore engine,
    ContactQueueStore contacts,
    IInteractionLog log,
    ActiveTenants tenants,
    RoutingMetrics metrics,
    TimeProvider time,
    IOptions<EngineOptions> options,
    IOptions<RoutingOptions> routing,
    ILogger<InteractionWriteBack> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private const int ClaimSize = 100;

    private const int ClaimsPerTurn = 5;

    private const int ParallelTenants = 4;

    // The CRM's own outage, apart from Redis's: every contact fails while it is down.
    private readonly LoopOutage _crmOutage = new(logger, "crm-write-back (CRM)");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new LoopOutage(logger, "crm-write-back");
        var rounds = new TenantRounds(ParallelTenants);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await rounds.RunAsync(tenants.All, t => WriteTenantAsync(t, outage, stoppingToken), Interval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await rounds.DrainAsync().ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private async Task WriteTenantAsync(string tenant, LoopOutage outage, CancellationToken stoppingToken)
    {
        try
        {
            IReadOnlyList<string> claimed;
            var claims = 0;
            do
            {
                claimed = (await engine.ClaimWriteBackAsync(new ClaimWriteBackCommand(tenant, ClaimSize, Lease, time.GetUtcNow()), stoppingToken).ConfigureAwait(false)).ContactIds;
                foreach (var contactId in claimed)
                {
                    await WriteAsync(tenant, contactId, stoppingToken).ConfigureAwait(false);
                }
            }
            while (claimed.Count == ClaimSize && ++claims < ClaimsPerTurn && !stoppingToken.IsCancellationRequested);
            outage.Succeeded(tenant);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Any exception: one that escaped would stop the host (StackExchange.Redis throws
            // InvalidOperationException, not only RedisException, while it reconnects).
            outage.Failed(ex, tenant);
        }
    }

    private async Task WriteAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        var interaction = await contacts.GetInteractionAsync(tenant, contactId, cancellationToken).ConfigureAwait(false);
        if (interaction is null)
        {
            // Erased or expired meanwhile: nothing to write (the script adds nothing to a contact that is gone).
            await ConfirmAsync(tenant, contactId, "nothing to write").ConfigureAwait(false);
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

        await ConfirmAsync(tenant, contactId, written ? "interaction written to the CRM" : "interaction already in the CRM").ConfigureAwait(false);
        metrics.WriteBack(written ? "written" : "already");
    }

    // Not cancelled by shutdown: the CRM write happened, so it is confirmed (else a retry finds it already there).
    private Task ConfirmAsync(string tenant, string contactId, string detail) =>
        engine.ConfirmWriteBackAsync(new ConfirmWriteBackCommand(tenant, contactId, detail, time.GetUtcNow(), routing.Value.Node), CancellationToken.None);
}
