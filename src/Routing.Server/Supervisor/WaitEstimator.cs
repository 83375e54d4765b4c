using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Grpc;
using StackExchange.Redis;

namespace Routing.Server.Supervisor;

/// <summary>
/// The Submit receipt with the contact's expected wait (<see cref="WaitEstimate"/>). The contact is
/// already queued when this runs, so a failed read leaves the estimate out rather than failing the submit.
/// </summary>
public sealed class WaitEstimator(QueueFiguresStore figures, TenantTimeZones zones, TimeProvider time)
{
    public async Task<ContactReceipt> ReceiptAsync(string tenant, EnqueueResult result, CancellationToken cancellationToken)
    {
        var receipt = ProtoMapper.ToReceipt(result);
        if (result.Position <= 0)
        {
            return receipt;
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (await figures.EstimateWaitAsync(tenant, result.Queue, result.Position, zones.For(tenant), time.GetUtcNow()).ConfigureAwait(false) is { } wait)
            {
                receipt.EstimatedWait = Duration.FromTimeSpan(wait);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Queued all the same: the gateway gets its receipt without an estimate.
        }

        return receipt;
    }

    /// <summary>
    /// Receipts for a batch of one tenant's results (null entries stay null), the queue's figures read
    /// once per queue rather than once per contact: each read is up to 156 HGETs, more Redis work
    /// than the enqueue itself when the queue answered nothing lately.
    /// </summary>
    public async Task<ContactReceipt?[]> ReceiptsAsync(string tenant, IReadOnlyList<EnqueueResult?> results, CancellationToken cancellationToken)
    {
        var receipts = new ContactReceipt?[results.Count];
        var bases = new Dictionary<string, Task<WaitBasis>>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i] is not { } result)
            {
                continue;
            }

            receipts[i] = ProtoMapper.ToReceipt(result);
            if (result.Position > 0 && !bases.ContainsKey(result.Queue))
            {
                cancellationToken.ThrowIfCancellationRequested();
                bases[result.Queue] = figures.WaitBasisAsync(tenant, result.Queue, zones.For(tenant), now);
            }
        }

        for (var i = 0; i < results.Count; i++)
        {
            if (results[i] is not { Position: > 0 } result)
            {
                continue;
            }

            try
            {
                if ((await bases[result.Queue].ConfigureAwait(false)).Estimate(result.Position) is { } wait)
                {
                    receipts[i]!.EstimatedWait = Duration.FromTimeSpan(wait);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Queued all the same: the gateway gets its receipt without an estimate.
            }
        }

        return receipts;
    }
}
