using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Grpc;
using StackExchange.Redis;

namespace Routing.Server.Supervisor;

/// <summary>
/// The Submit receipt with the contact's expected wait (<see cref="WaitEstimate"/>). The contact is
/// already queued when this runs, so a failed read leaves the estimate out rather than failing the submit.
/// A queue's answer rates (<see cref="WaitBasis"/>) are read at most once per
/// <see cref="SupervisorOptions.WaitEstimateRefresh"/> per node: a receipt's estimate may lag the
/// queue's figures by that much, and a burst of submits costs no more Redis reads than one.
/// </summary>
public sealed class WaitEstimator(QueueFiguresStore figures, TenantTimeZones zones, IOptionsMonitor<SupervisorOptions> options, TimeProvider time)
{
    // One entry per (tenant, queue) this node answered a receipt for: bounded by the queues configured.
    private readonly ConcurrentDictionary<(string Tenant, string Queue), (DateTimeOffset ReadAt, Task<WaitBasis> Basis)> _recent = new();

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
            if ((await BasisAsync(tenant, result.Queue, time.GetUtcNow()).ConfigureAwait(false)).Estimate(result.Position) is { } wait)
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
                bases[result.Queue] = BasisAsync(tenant, result.Queue, now);
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

    /// <summary>The queue's answer rates as read within the refresh interval, else read now (a failed read is not kept).</summary>
    private Task<WaitBasis> BasisAsync(string tenant, string queue, DateTimeOffset now)
    {
        var refresh = options.CurrentValue.WaitEstimateRefresh;
        if (refresh > TimeSpan.Zero
            && _recent.TryGetValue((tenant, queue), out var held)
            && now >= held.ReadAt && now - held.ReadAt < refresh
            && !held.Basis.IsFaulted && !held.Basis.IsCanceled)
        {
            return held.Basis;
        }

        var basis = figures.WaitBasisAsync(tenant, queue, zones.For(tenant), now);
        if (refresh > TimeSpan.Zero)
        {
            _recent[(tenant, queue)] = (now, basis);
        }

        return basis;
    }
}
