using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>
/// Simulated gateways pushing contacts as fast as the server takes them, on every channel, from a
/// customer population that includes the CRM's demo customers. Bounded in count and time.
/// </summary>
public sealed class IngestLoad(IngestLoadOptions options, TextWriter output)
{
    private static readonly string[] Channels = ["chat", "sms", "email", "voice", "whatsapp", "social", "webform", "letter", "video"];

    public async Task<IngestLoadResult> RunAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions
        {
            HttpHandler = new GatewayCredentialHandler(options.Credentials ?? SimulatorCredentials.None),
        });
        var client = new ContactIngest.ContactIngestClient(channel);
        var diagnostics = new Diagnostics.DiagnosticsClient(channel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var latencies = new LatencyRecorder();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        using var progress = options.Quiet ? null : new Timer(_ => output.WriteLine($"  {latencies.Count,8} contacts  {latencies.Count / clock.Elapsed.TotalSeconds,9:F0}/s  errors {Volatile.Read(ref errors)}"), null, 1000, 1000);

        if (options.Stream)
        {
            await RunStreamAsync(client, latencies, () => Interlocked.Increment(ref next), () => Interlocked.Increment(ref errors), stop.Token);
        }
        else
        {
            var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= options.Count)
                    {
                        return;
                    }

                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        if (options.Echo)
                        {
                            await diagnostics.EchoAsync(new EchoRequest { Contact = Contact(i) }, cancellationToken: stop.Token);
                        }
                        else
                        {
                            await client.SubmitAsync(new SubmitRequest { Contact = Contact(i) }, cancellationToken: stop.Token);
                        }

                        latencies.Record(Stopwatch.GetElapsedTime(started));
                    }
                    catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    catch (RpcException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            });
            await Task.WhenAll(workers);
        }

        clock.Stop();
        return new IngestLoadResult(latencies.Count, errors, clock.Elapsed, latencies.Percentile(50), latencies.Percentile(99), latencies.Percentile(99.9));
    }

    private async Task RunStreamAsync(ContactIngest.ContactIngestClient client, LatencyRecorder latencies, Func<int> next, Action error, CancellationToken token)
    {
        using var call = client.SubmitStream(cancellationToken: token);
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var window = new SemaphoreSlim(options.Concurrency * 16);
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(token))
                {
                    if (sent.TryRemove(response.ExternalId, out var started))
                    {
                        latencies.Record(Stopwatch.GetElapsedTime(started));
                    }

                    if (response.ResultCase == SubmitStreamResponse.ResultOneofCase.Error)
                    {
                        error();
                    }

                    window.Release();
                }
            }
            catch (RpcException) when (token.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);

        try
        {
            for (var i = next(); i < options.Count && !token.IsCancellationRequested; i = next())
            {
                await window.WaitAsync(token);
                var contact = Contact(i);
                sent[contact.ExternalId] = Stopwatch.GetTimestamp();
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = contact }, token);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException && token.IsCancellationRequested)
        {
        }

        await reader;
    }

    private InboundContact Contact(int i)
    {
        var channel = Channels[i % Channels.Length];
        // One contact in ten comes from a demo customer the CRM knows; the rest are new senders.
        var known = i % 10 == 0;
        var from = channel switch
        {
            "sms" or "voice" or "whatsapp" => known ? "+447700900101" : $"+1415{i % 10_000_000:D7}",
            "email" or "webform" => known ? "alice.martin@example.com" : $"user{i}@example.net",
            _ => known ? "alice.m" : $"visitor-{i}",
        };
        return new InboundContact
        {
            Channel = channel,
            ExternalId = $"{options.RunId}-{i}",
            From = from,
            Subject = "load test",
            Text = "Hello, I need help with my order.",
        };
    }
}
