using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Grpc;
using Routing.Server.Security;

namespace Routing.Server.Ingest;

/// <summary>
/// Runs one SubmitStream in batches formed by the stream's arrival: the items already received, up
/// to Ingest:StreamBatchSize, waiting at most Ingest:StreamBatchDelay for more. A batch's contacts
/// are enqueued together (their scripts share the connection's pipeline), its wait estimates read
/// once per queue, and its receipts written with one flush. Up to Ingest:StreamConcurrency
/// contacts are in flight over several batches; receipts go out in the order the items came, each
/// item its own receipt or error (a bad item refuses that item only), each after its contact is
/// in Redis. When the client half-closes, every item already read is answered before the call ends.
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
        var settings = options.Value;
        var concurrency = settings.StreamConcurrency;
        var batchSize = Math.Min(settings.StreamBatchSize, concurrency);
        // Batches in the order their items came: the writer awaits each in turn, so receipts keep that order.
        var batches = Channel.CreateBounded<Task<SubmitStreamResponse[]>>(new BoundedChannelOptions(Math.Max(2, concurrency / batchSize * 2)) { SingleReader = true, SingleWriter = true });
        var writer = WriteAllAsync(batches.Reader, responses, token);
        // Not disposed: a batch still running when the call ends releases its slots after RunAsync returns.
        var slots = new SemaphoreSlim(concurrency, concurrency);
        try
        {
            var pending = requests.MoveNext(token);
            var batch = new List<SubmitStreamRequest>(batchSize);
            while (await pending.ConfigureAwait(false))
            {
                batch.Add(requests.Current);
                pending = await FillAsync(requests, batch, batchSize, settings.StreamBatchDelay, token).ConfigureAwait(false);

                // Permits in arrival order, as a unary Submit per item would draw them.
                var refused = new RoutingFailure?[batch.Count];
                var admitted = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (CallerRateLimiter.TryAcquire(limiter, call, out var retryAfter))
                    {
                        admitted++;
                    }
                    else
                    {
                        refused[i] = RoutingStatus.RateLimited(retryAfter);
                    }
                }

                for (var i = 0; i < admitted; i++)
                {
                    await slots.WaitAsync(token).ConfigureAwait(false);
                }

                await batches.Writer.WriteAsync(ProcessAsync(caller, [.. batch], refused, admitted, slots, token), token).ConfigureAwait(false);
                batch.Clear();
            }

            // Every slot back means every item read has its receipts ready for the writer.
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
            batches.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> the items already received, and those arriving within
    /// <paramref name="delay"/>, up to <paramref name="size"/>; returns the read still pending (its
    /// result false once the client has half-closed).
    /// </summary>
    private static async Task<Task<bool>> FillAsync(IAsyncStreamReader<SubmitStreamRequest> requests, List<SubmitStreamRequest> batch, int size, TimeSpan delay, CancellationToken token)
    {
        var deadline = delay > TimeSpan.Zero ? DateTime.UtcNow + delay : DateTime.MinValue;
        while (true)
        {
            var next = requests.MoveNext(token);
            if (batch.Count >= size)
            {
                return next;
            }

            if (!next.IsCompleted)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return next;
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                if (await Task.WhenAny(next, Task.Delay(left, wait.Token)).ConfigureAwait(false) != next)
                {
                    return next;
                }

                await wait.CancelAsync().ConfigureAwait(false);
            }

            if (!await next.ConfigureAwait(false))
            {
                return next;
            }

            batch.Add(requests.Current);
        }
    }

    /// <summary>
    /// One batch: every admitted item enqueued at once, then the receipts (estimates read once per
    /// queue). Never throws: each item ends with its receipt or its error; on cancellation the
    /// batch may end short, and the writer stops anyway.
    /// </summary>
    private async Task<SubmitStreamResponse[]> ProcessAsync(Caller caller, SubmitStreamRequest[] batch, RoutingFailure?[] refused, int admitted, SemaphoreSlim slots, CancellationToken token)
    {
        var responses = new SubmitStreamResponse[batch.Length];
        var submits = new Task<EnqueueResult>?[batch.Length];
        try
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var request = batch[i];
                responses[i] = new SubmitStreamResponse
                {
                    ExternalId = request.Contact?.ExternalId ?? "",
                    Channel = request.Contact?.Channel ?? "",
                };
                if (refused[i] is { } failure)
                {
                    responses[i].Error = RoutingStatus.ToIngestError(failure);
                    continue;
                }

                submits[i] = SubmitAsync(caller, request, token);
            }

            var results = new EnqueueResult?[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                if (submits[i] is not { } submit)
                {
                    continue;
                }

                try
                {
                    results[i] = await submit.ConfigureAwait(false);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    var failure = RoutingStatus.Describe(ex);
                    if (failure.Status is StatusCode.Internal or StatusCode.Unavailable)
                    {
                        IngestLog.StreamItemFailed(logger, responses[i].ExternalId, ex.Message);
                    }

                    responses[i].Error = RoutingStatus.ToIngestError(failure);
                }
            }

            ContactReceipt?[] receipts;
            try
            {
                receipts = await waits.ReceiptsAsync(caller.Tenant, results, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // As a unary Submit whose receipt fails: each accepted item gets the error (a retry returns it as a duplicate).
                var failure = RoutingStatus.ToIngestError(RoutingStatus.Describe(ex));
                IngestLog.StreamItemFailed(logger, "(batch receipts)", ex.Message);
                receipts = new ContactReceipt?[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                {
                    if (results[i] is not null)
                    {
                        responses[i].Error = failure;
                    }
                }
            }

            for (var i = 0; i < batch.Length; i++)
            {
                if (receipts[i] is { } receipt)
                {
                    responses[i].Receipt = receipt;
                }
            }
        }
        catch (Exception ex) when (token.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The call is over; the contacts accepted are in Redis and a retry returns them as duplicates.
        }
        finally
        {
            // A slot goes back only when its submit has ended, whatever became of the call.
            foreach (var submit in submits)
            {
                if (submit is not null)
                {
                    await DrainAsync(submit).ConfigureAwait(false);
                }
            }

            slots.Release(admitted);
        }

        return responses;
    }

    private static async Task DrainAsync(Task submit)
    {
        try
        {
            await submit.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already answered or the call is over: only its end matters here.
        }
    }

    private async Task<EnqueueResult> SubmitAsync(Caller caller, SubmitStreamRequest request, CancellationToken token)
    {
        access.EnsureMaySubmit(caller, request.Contact?.Channel);
        return await ingestor.SubmitAsync(caller.Tenant, ProtoMapper.ToDomain(request.Contact), token).ConfigureAwait(false);
    }

    private static async Task WriteAllAsync(ChannelReader<Task<SubmitStreamResponse[]>> batches, IServerStreamWriter<SubmitStreamResponse> responses, CancellationToken token)
    {
        // Buffered writes, one flush per batch: the HTTP/2 frames of a batch's receipts go out together.
        var buffered = new WriteOptions(WriteFlags.BufferHint);
        try
        {
            await foreach (var batch in batches.ReadAllAsync(token).ConfigureAwait(false))
            {
                var receipts = await batch.ConfigureAwait(false);
                for (var i = 0; i < receipts.Length; i++)
                {
                    token.ThrowIfCancellationRequested();
                    responses.WriteOptions = i < receipts.Length - 1 ? buffered : null;
                    await responses.WriteAsync(receipts[i], token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException && token.IsCancellationRequested)
        {
        }
    }
}
