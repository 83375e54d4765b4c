using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>Options of a full-lifecycle run: agents, arrival rate, and its bounds.</summary>
public sealed record LifecycleOptions(Uri Target, int Agents, double Rate, int Count, TimeSpan Duration, TimeSpan HandleTime, string RunId);

/// <summary>What a lifecycle run measured and whether the invariants held.</summary>
public sealed record LifecycleResult(
    int Submitted,
    int Offered,
    int Assigned,
    int Completed,
    TimeSpan Elapsed,
    double OfferP50Ms,
    double OfferP99Ms,
    double OfferMaxMs,
    IReadOnlyList<string> Violations)
{
    public double CompletedPerSecond => Completed / Elapsed.TotalSeconds;
}

/// <summary>
/// Simulated agents (one desk stream each, accept every offer, complete after the handle time) and
/// simulated gateways submitting at a fixed rate: submit, offer, accept, complete. Measures the
/// enqueue-to-offer latency (server enqueue time to the offer reaching the desk, same machine clock)
/// and checks from its own observations that no contact was assigned twice and none was lost.
/// Bounded in count and time.
/// </summary>
public sealed class LifecycleLoad(LifecycleOptions options, TextWriter output)
{
    private static readonly string[] Queues = ["general", "backoffice", "billing", "support-fr", "vip", "french"];
    private static readonly string[] Channels = ["chat", "sms", "email", "whatsapp", "social", "webform"];

    private readonly LatencyRecorder _offerLatency = new();
    private readonly ConcurrentDictionary<string, string> _assigned = new();
    private readonly ConcurrentBag<string> _violations = [];
    private int _offered;
    private int _completed;

    public async Task<LifecycleResult> RunAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);

        var desks = new List<Task>();
        var ready = 0;
        for (var i = 0; i < options.Agents; i++)
        {
            desks.Add(RunAgentAsync(channel, $"{options.RunId}-agent-{i:D4}", () => Interlocked.Increment(ref ready), stop.Token));
        }

        while (Volatile.Read(ref ready) < options.Agents && !stop.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        output.WriteLine($"  {options.Agents} agents connected; submitting {options.Count} contacts at {options.Rate:F0}/s");
        var submitted = new ConcurrentDictionary<string, bool>();
        var ingest = new ContactIngest.ContactIngestClient(channel);
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ => output.WriteLine(
            $"  {clock.Elapsed.TotalSeconds,5:F0} s  submitted {submitted.Count,7}  offered {Volatile.Read(ref _offered),7}  completed {Volatile.Read(ref _completed),7}  offer p50 {_offerLatency.Percentile(50),7:F2} ms  p99 {_offerLatency.Percentile(99),7:F2} ms"), null, 1000, 1000);

        var submits = new List<Task>();
        for (var i = 0; i < options.Count && !stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, CancellationToken.None);
            }

            submits.Add(SubmitAsync(ingest, i, submitted, stop.Token));
        }

        await Task.WhenAll(submits);
        // Let the agents finish what was submitted, within the run's time bound.
        while (Volatile.Read(ref _completed) < submitted.Count && !stop.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(desks);

        foreach (var id in _assigned.Keys.Where(id => !submitted.ContainsKey(id)))
        {
            _violations.Add($"{id} was assigned but never submitted in this run");
        }

        if (_completed < submitted.Count)
        {
            _violations.Add($"{submitted.Count - _completed} of {submitted.Count} contacts not completed within {options.Duration.TotalSeconds:F0} s");
        }

        return new LifecycleResult(submitted.Count, _offered, _assigned.Count, _completed, elapsed,
            _offerLatency.Percentile(50), _offerLatency.Percentile(99), _offerLatency.Percentile(100), [.. _violations]);
    }

    private async Task SubmitAsync(ContactIngest.ContactIngestClient ingest, int i, ConcurrentDictionary<string, bool> submitted, CancellationToken token)
    {
        var contact = new InboundContact
        {
            Channel = Channels[i % Channels.Length],
            ExternalId = $"{options.RunId}-{i}",
            From = Channels[i % Channels.Length] switch
            {
                "sms" or "whatsapp" => $"+1415{i % 10_000_000:D7}",
                "email" or "webform" => $"user{i}@example.net",
                _ => $"visitor-{i}",
            },
            Text = "Hello, I need help with my order.",
        };
        try
        {
            var reply = await ingest.SubmitAsync(new SubmitRequest { Contact = contact }, cancellationToken: token);
            submitted[reply.Receipt.ContactId] = true;
        }
        catch (RpcException ex) when (!token.IsCancellationRequested)
        {
            _violations.Add($"submit {contact.ExternalId} failed: {ex.Status.StatusCode}");
        }
        catch (RpcException)
        {
        }
    }

    private async Task RunAgentAsync(GrpcChannel channel, string agentId, Action ready, CancellationToken token)
    {
        using var call = new AgentDesk.AgentDeskClient(channel).Connect(cancellationToken: token);
        var hello = new Hello { AgentId = agentId };
        foreach (var queue in Queues)
        {
            hello.Skills.Add(new SkillProficiency { Queue = queue, Proficiency = 3, Primary = true });
        }

        var writes = new SemaphoreSlim(1, 1);
        async Task SendAsync(ConnectRequest request)
        {
            await writes.WaitAsync(token);
            try
            {
                await call.RequestStream.WriteAsync(request, token);
            }
            finally
            {
                writes.Release();
            }
        }

        try
        {
            await SendAsync(new ConnectRequest { Hello = hello });
            await foreach (var message in call.ResponseStream.ReadAllAsync(token))
            {
                switch (message.KindCase)
                {
                    case ConnectResponse.KindOneofCase.Welcome:
                        ready();
                        break;
                    case ConnectResponse.KindOneofCase.Offer:
                        Interlocked.Increment(ref _offered);
                        var enqueued = message.Offer.Contact.EnqueuedAt.ToDateTimeOffset();
                        _offerLatency.Record(DateTimeOffset.UtcNow - enqueued);
                        await SendAsync(new ConnectRequest { Accept = new AcceptOffer { OfferId = message.Offer.OfferId } });
                        break;
                    case ConnectResponse.KindOneofCase.Assigned:
                        var id = message.Assigned.Assignment.Contact.ContactId;
                        if (!_assigned.TryAdd(id, agentId))
                        {
                            _violations.Add($"{id} assigned to {agentId} and to {_assigned[id]}");
                        }

                        _ = CompleteLaterAsync(id, SendAsync, token);
                        break;
                    case ConnectResponse.KindOneofCase.Completed:
                        Interlocked.Increment(ref _completed);
                        break;
                    case ConnectResponse.KindOneofCase.Error:
                        _violations.Add($"{agentId}: {message.Error.Code} {message.Error.Message}");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException && token.IsCancellationRequested))
        {
        }
    }

    private async Task CompleteLaterAsync(string contactId, Func<ConnectRequest, Task> send, CancellationToken token)
    {
        try
        {
            if (options.HandleTime > TimeSpan.Zero)
            {
                await Task.Delay(options.HandleTime, token);
            }

            await send(new ConnectRequest { Complete = new CompleteContact { ContactId = contactId, Disposition = "resolved", SkipWrapUp = true } });
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
        }
    }
}
