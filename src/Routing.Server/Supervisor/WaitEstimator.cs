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
}
