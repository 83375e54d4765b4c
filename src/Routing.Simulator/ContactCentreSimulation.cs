using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;

namespace Routing.Simulator;

/// <summary>
/// A contact centre against one server: simulated gateways submit contacts at a fixed rate on a
/// channel mix, from a customer population that comes back on other channels; simulated agents
/// accept, decline, reply, handle and drop; simulated gateways receive the replies on
/// ChannelGateway.Deliver and acknowledge them. Progress every second (with the server's own WatchQueues figures
/// when the simulator has a supervisor credential); at the end a report and the invariant checks.
/// Bounded in count and time.
/// </summary>
public sealed class ContactCentreSimulation(SimulationOptions options, TextWriter output)
{
    private readonly SimulationTracker _tracker = new();
    private readonly ReplyTracker _replies = new();

    /// <summary>Channels a reply may go out on: every written built-in channel, and whatever the mix submits on.</summary>
    private static readonly string[] WrittenChannels = ["chat", "sms", "whatsapp", "social", "email", "webform", "letter"];
    private readonly ServerFiguresWatch? _server = options.WatchServer && options.Credentials.Supervisor() is not null ? new() : null;

    public SimulationTracker Tracker => _tracker;

    public ReplyTracker Replies => _replies;

    public async Task<SimulationReport> RunAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions { HttpHandler = new GatewayCredentialHandler(options.Credentials) });
        using var agentsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = DateTimeOffset.UtcNow;
        var agents = Enumerable.Range(0, options.Agents).Select(i => new SimulatedAgent(options.Credentials.TokenSubject ?? $"{options.RunId}-agent-{i:D4}", channel, options, _tracker, _replies, options.Seed + i)).ToList();
        var gateways = options.ReplyRatio > 0
            ? WrittenChannels.Union(options.ChannelMix.Where(m => m.Value > 0).Select(m => m.Key)).Where(c => c is not ("voice" or "video"))
                .Select((c, i) => new SimulatedGateway(c, channel, options, _replies, _tracker, options.Seed + 100_000 + i)).ToList()
            : [];
        var delivering = gateways.Select(g => g.RunAsync(agentsStop.Token)).ToList();
        var ready = 0;
        var desks = agents.Select(a => a.RunAsync(() => Interlocked.Increment(ref ready), agentsStop.Token)).ToList();
        var watching = _server is not null ? _server.RunAsync(channel, options.Credentials.Supervisor()!, agentsStop.Token) : Task.CompletedTask;
        var connectDeadline = Stopwatch.StartNew();
        while (Volatile.Read(ref ready) < options.Agents && connectDeadline.Elapsed < TimeSpan.FromSeconds(60) && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await Task.WhenAll(gateways.Select(g => g.Subscribed)).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        output.WriteLine($"{ready} of {options.Agents} agents connected{(gateways.Count > 0 ? $", {gateways.Count} gateways delivering replies ({options.ReplyRatio:P0} of written contacts answered)" : "")}; submitting up to {options.Count} contacts at {options.Rate:F0}/s for at most {options.Duration.TotalSeconds:F0} s");
        var clock = Stopwatch.StartNew();
        using var progress = options.Progress ? new Timer(_ => output.WriteLine(ProgressLine(clock.Elapsed, agents)), null, 1000, 1000) : null;

        await SubmitAllAsync(channel, cancellationToken);
        var submitting = clock.Elapsed;
        var drain = Stopwatch.StartNew();
        while ((_tracker.Completed < _tracker.Submitted || _replies.Pending > 0) && drain.Elapsed < options.Drain && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        var elapsed = clock.Elapsed;
        if (_server is not null && options.Progress)
        {
            output.WriteLine("at the end, " + _server.Line());
        }

        await CheckLeftoversAsync(channel);
        _replies.Check(_tracker);
        await agentsStop.CancelAsync();
        await Task.WhenAll([.. desks, .. delivering, watching]);
        var report = SimulationReport.From(options, _tracker, _replies, started, submitting, elapsed);
        if (options.ReportDirectory is { } directory)
        {
            report.Write(directory, _tracker);
        }

        return report;
    }

    private string ProgressLine(TimeSpan elapsed, IReadOnlyList<SimulatedAgent> agents) =>
        $"{elapsed.TotalSeconds,5:F0} s  submitted {_tracker.Submitted,7} ({_tracker.Submitted / Math.Max(elapsed.TotalSeconds, 0.001),6:F0}/s)  waiting {_tracker.Waiting,6}  " +
        $"completed {_tracker.Completed,7}  " + (options.ReplyRatio > 0 ? $"replies {_replies.Replies.Count(r => r.Outcome is not null),5}/{_replies.Sent,-5} " : "") + $"agents {agents.Count(a => a.Connected),4}/{agents.Count}  " +
        $"offer p50 {_tracker.OfferLatency.Percentile(50),7:F2} ms p99 {_tracker.OfferLatency.Percentile(99),8:F2} ms  wait p50 {_tracker.WaitTime.Percentile(50),8:F1} ms" +
        (_server is null ? "" : "  |  " + _server.Line());

    private async Task SubmitAllAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var ingest = new ContactIngest.ContactIngestClient(channel);
        var random = new Random(options.Seed);
        var mix = options.ChannelMix.Where(m => m.Value > 0).ToArray();
        var weight = mix.Sum(m => m.Value);
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Count && !stop.IsCancellationRequested; i++)
        {
            var wait = TimeSpan.FromSeconds(i / options.Rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var pick = random.NextDouble() * weight;
            var channelName = mix.First(m => (pick -= m.Value) <= 0 || m.Key == mix[^1].Key).Key;
            var customer = options.Customers > 0 ? random.Next(options.Customers) : 1_000_000 + i;
            if (options.Customers > 0 && random.NextDouble() >= options.ReturnProbability)
            {
                customer = options.Customers + i;
            }

            var contact = random.NextDouble() < options.KnownCustomerShare ? DemoCustomer(i, random) : Contact(i, channelName, customer);
            pending.Add(SubmitAsync(ingest, contact, stop.Token));
            pending.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(pending);
    }

    // The CRM's demo customers, reachable on several channels: their contacts thread across channels.
    private static readonly (string Channel, string From)[] DemoAddresses =
    [
        ("email", "alice.martin@example.com"), ("chat", "alice.m"), ("sms", "+447700900101"), ("voice", "+447700900101"),
        ("email", "bruno.leroy@example.fr"), ("voice", "+33612345678"),
    ];

    private InboundContact DemoCustomer(int i, Random random)
    {
        var (channel, from) = DemoAddresses[random.Next(DemoAddresses.Length)];
        return new InboundContact
        {
            Channel = channel,
            ExternalId = $"{options.RunId}-{i}",
            From = from,
            Subject = "simulated",
            Text = $"Simulated {channel} message {i} from a known customer.",
        };
    }

    private InboundContact Contact(int i, string channel, int customer) => new()
    {
        Channel = channel,
        ExternalId = $"{options.RunId}-{i}",
        From = channel switch
        {
            "voice" or "sms" or "whatsapp" => $"+1415{customer % 10_000_000:D7}",
            "email" or "webform" => $"customer{customer}@example.net",
            _ => $"customer-{customer}",
        },
        Subject = "simulated",
        Text = $"Simulated {channel} message {i} from customer {customer}.",
        Intent = i % 7 == 0 ? "billing" : "",
    };

    private async Task SubmitAsync(ContactIngest.ContactIngestClient ingest, InboundContact contact, CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var receipt = (await ingest.SubmitAsync(new SubmitRequest { Contact = contact }, cancellationToken: token)).Receipt;
            _tracker.SubmitLatency.Record(Stopwatch.GetElapsedTime(started));
            _tracker.OnSubmitted(receipt.ContactId, contact.Channel, receipt.Merged || receipt.Duplicate);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            _tracker.CountSubmitError();
            _tracker.Violation($"submit {contact.ExternalId} failed: {ex.Status.StatusCode} {ex.Status.Detail}");
        }
        catch (RpcException)
        {
        }
    }

    /// <summary>
    /// Contacts neither completed nor held when the run ends must still be waiting: cancelling them
    /// must succeed. A contact the server no longer knows is lost.
    /// </summary>
    private async Task CheckLeftoversAsync(GrpcChannel channel)
    {
        var ingest = new ContactIngest.ContactIngestClient(channel);
        foreach (var track in _tracker.Contacts.Where(c => c.Completed is null && c.AssignedTo is null).Take(10_000))
        {
            try
            {
                await ingest.CancelAsync(new CancelRequest { ContactId = track.ContactId, Reason = "simulation ended" });
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                _tracker.Violation($"{track.ContactId} was accepted by the server but is gone");
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                // Assigned or completed in the last instant (its messages are still in flight): not lost.
            }
            catch (RpcException ex)
            {
                _tracker.Violation($"could not check the contacts left at the end: {ex.Status.StatusCode} {ex.Status.Detail}");
                return;
            }
        }
    }
}
