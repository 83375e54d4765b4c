using Routing.Core.Customers;
using Routing.Redis;
using Routing.Server.Tenants;

namespace Routing.Server.Consent;

/// <summary>
/// Writes queued consent changes (csw) to the CRM for every active tenant, retrying a failed write
/// after <see cref="Retry"/>. A write is idempotent and never overwrites a newer change (the CRM
/// statement compares change times), so two nodes writing the same change is harmless; a change
/// leaves the queue only when the CRM has it and no newer change waits (consent_confirm.lua).
/// </summary>
public sealed class ConsentWriteBack(ConsentStore store, IConsentLog log, ActiveTenants tenants, TimeProvider time, ILogger<ConsentWriteBack> logger) : BackgroundService
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int BatchSize = 100;

    /// <summary>Writes one change and confirms it; on failure pushes its next attempt back. Never throws but for cancellation.</summary>
    public static async Task<bool> TryWriteAsync(ConsentStore store, IConsentLog log, string tenant, ConsentOverride change, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await log.RecordAsync(new ConsentChange(tenant, change.CustomerId, change.Channel, change.OptedIn, change.ChangedAt), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            ConsentLog.WriteBackFailed(logger, ex, change.Channel, tenant);
            await store.RetryAsync(tenant, change.CustomerId, change.Channel, time.GetUtcNow() + Retry).ConfigureAwait(false);
            return false;
        }

        // Not cancelled: the CRM has it, so the queue must hear so.
        await store.ConfirmAsync(tenant, change).ConfigureAwait(false);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var tenant in tenants.All)
                {
                    await WriteTenantAsync(tenant, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteTenantAsync(string tenant, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var (customerId, channel, change) in await store.DueAsync(tenant, time.GetUtcNow(), BatchSize).ConfigureAwait(false))
            {
                // Erased meanwhile: the queue entry goes with nothing to write.
                await (change is null
                    ? store.ConfirmAsync(tenant, new ConsentOverride(customerId, channel, false, DateTimeOffset.UnixEpoch))
                    : TryWriteAsync(store, log, tenant, change, time, logger, stoppingToken)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            ConsentLog.LoopFailed(logger, ex, tenant);
        }
    }
}
