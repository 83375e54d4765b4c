using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Server.Configuration;
using Routing.Server.Grpc;
using Routing.Server.Security;

namespace Routing.Server.Ingest;

/// <summary>
/// Runs one SubmitStream: contacts are processed concurrently (bounded by
/// Ingest:StreamConcurrency), and receipts go through one channel to one writer, because a
/// response stream allows one writer at a time. A bad item gets an error receipt; the stream goes
/// on. When the client half-closes, every item already read is answered before the call ends.
/// </summary>
public sealed class SubmitStreamHandler(
    ContactIngestor ingestor,
    IOptions<IngestOptions> options,
    IOptions<RateLimiterOptions> rateLimits,
    IngestAccess access,
    Supervisor.WaitEstimator waits,
    IHostApplicationLifetime lifetime,
    ILogger<SubmitStreamHandler> logger)
{
    /// <summary>Each item is checked against <paramref name="caller"/>'s channels on its own: one refused item refuses that item only.</summary>
    /// <param name="call">The call's HTTP context: each contact draws a permit from its caller's rate limit.</param>
    public async Task RunAsync(
        Caller caller,
        IAsyncStreamReader<SubmitStreamRequest> requests,
        IServerStreamWriter<SubmitStreamResponse> responses,
        HttpContext call,
        CancellationToken callToken)
    {
        var limiter = rateLimits.Value.GlobalLimiter;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(callToken, lifetime.ApplicationStopping);
        var token = cts.Token;
        var concurrency = options.Value.StreamConcurrency;
        var receipts = Channel.CreateBounded<SubmitStreamResponse>(new BoundedChannelOptions(concurrency * 4) { SingleReader = true });
        var writer = WriteAllAsync(receipts.Reader, responses, token);
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        try
        {
            await foreach (var request in requests.ReadAllAsync(token).ConfigureAwait(false))
            {
                if (!CallerRateLimiter.TryAcquire(limiter, call, out var retryAfter))
                {
                    await receipts.Writer.WriteAsync(Refused(request, RoutingStatus.RateLimited(retryAfter)), token).ConfigureAwait(false);
                    continue;
                }

                await slots.WaitAsync(token).ConfigureAwait(false);
                _ = ProcessAsync(caller, request, receipts.Writer, slots, token);
            }

            // Every slot back means every item read has its receipt in the channel.
            for (var i = 0; i < concurrency; i++)
            {
                await slots.WaitAsync(token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && token.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing more to answer.
        }
        finally
        {
            receipts.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }

    private async Task ProcessAsync(Caller caller, SubmitStreamRequest request, ChannelWriter<SubmitStreamResponse> receipts, SemaphoreSlim slots, CancellationToken token)
    {
        var response = new SubmitStreamResponse
        {
            ExternalId = request.Contact?.ExternalId ?? "",
            Channel = request.Contact?.Channel ?? "",
        };
        try
        {
            access.EnsureMaySubmit(caller, request.Contact?.Channel);
            var result = await ingestor.SubmitAsync(caller.Tenant, ProtoMapper.ToDomain(request.Contact), token).ConfigureAwait(false);
            response.Receipt = await waits.ReceiptAsync(caller.Tenant, result, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (token.IsCancellationRequested)
            {
                slots.Release();
                return;
            }

            var failure = RoutingStatus.Describe(ex);
            if (failure.Status is StatusCode.Internal or StatusCode.Unavailable)
            {
                IngestLog.StreamItemFailed(logger, response.ExternalId, ex.Message);
            }

            response.Error = RoutingStatus.ToIngestError(failure);
        }

        try
        {
            await receipts.WriteAsync(response, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // The call is over; the contact (if accepted) is in Redis and a retry returns it as a duplicate.
        }
        finally
        {
            slots.Release();
        }
    }

    private static SubmitStreamResponse Refused(SubmitStreamRequest request, RoutingFailure failure) => new()
    {
        ExternalId = request.Contact?.ExternalId ?? "",
        Channel = request.Contact?.Channel ?? "",
        Error = RoutingStatus.ToIngestError(failure),
    };

    private static async Task WriteAllAsync(ChannelReader<SubmitStreamResponse> receipts, IServerStreamWriter<SubmitStreamResponse> responses, CancellationToken token)
    {
        try
        {
            await foreach (var receipt in receipts.ReadAllAsync(token).ConfigureAwait(false))
            {
                await responses.WriteAsync(receipt, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException && token.IsCancellationRequested)
        {
        }
    }
}
