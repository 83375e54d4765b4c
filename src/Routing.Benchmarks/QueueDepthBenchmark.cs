using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Routing.Redis;
using StackExchange.Redis;

namespace Routing.Benchmarks;

/// <summary>
/// Does queue depth cost anything? On a fresh tenant, through the real stores and Lua scripts:
/// fill a queue to the baseline depth, measure; fill it to the full depth, measure again. Each
/// measurement interleaves one enqueue (no agent free, so the contact waits) with one match (an
/// agent becomes available and pulls the best waiting contact, which it accepts and completes), so
/// the depth stays where it is. Redis memory per waiting contact is measured over the big fill.
/// The tenant's keys are deleted at the end, whatever happened.
/// </summary>
public sealed class QueueDepthBenchmark(IConnectionMultiplexer redis, IServer server, QueueDepthOptions options, TextWriter output)
{
    private readonly EngineSettings _settings = new();
    private readonly string _tenant = "bench-" + Guid.NewGuid().ToString("N")[..12];
    private long _sequence;

    private ContactQueueStore Store => new(redis, Options.Create(new RedisOptions()), _settings);

    private RoutingEngineStore Engine => new(redis, _settings);

    /// <summary>Runs the benchmark; null when the fill did not reach the full depth in time (the reason is printed).</summary>
    public async Task<QueueDepthReport?> RunAsync(CancellationToken cancellationToken)
    {
        var keys = new RoutingKeys(_tenant);
        var contacts = new BenchmarkContacts(_tenant, _settings);
        var startedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"queue-depth on {options.Redis} (Redis {server.Version}), tenant {_tenant}: depth {options.BaselineDepth:N0} then {options.Waiting:N0}, " +
            $"{options.Samples:N0} samples per depth, fill {options.Concurrency} in flight, at most {options.FillTimeout.TotalSeconds:F0} s");
        try
        {
            var small = await FillAsync(contacts, 0, options.BaselineDepth, cancellationToken);
            if (small.Contacts < options.BaselineDepth)
            {
                return null;
            }

            var baseline = await MeasureAsync(contacts, options.BaselineDepth, cancellationToken);
            var memoryBefore = await UsedMemoryAsync();
            var fill = await FillAsync(contacts, options.BaselineDepth, options.Waiting, cancellationToken);
            if (options.BaselineDepth + fill.Contacts < options.Waiting)
            {
                return null;
            }

            var memoryAdded = await UsedMemoryAsync() - memoryBefore;
            var deep = await MeasureAsync(contacts, options.Waiting, cancellationToken);
            return new QueueDepthReport(options.Redis, server.Version.ToString(), _tenant, startedAt, options.Samples, fill,
                memoryAdded, (double)memoryAdded / fill.Contacts, [baseline, deep]);
        }
        finally
        {
            await new TenantCleanup(redis, server, output).DeleteAsync(keys.Prefix);
        }
    }

    /// <summary>
    /// Adds contacts with many enqueues in flight until <paramref name="to"/> are waiting, printing
    /// progress every second. Stops early at the fill time limit (the result then says how far it got).
    /// </summary>
    private async Task<FillResult> FillAsync(BenchmarkContacts contacts, long from, long to, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.FillTimeout);
        var target = to - from;
        long claimed = 0;
        long added = 0;
        var clock = Stopwatch.StartNew();
        var last = (Added: 0L, Seconds: 0.0);
        using var progress = new Timer(_ =>
        {
            var now = (Added: Interlocked.Read(ref added), Seconds: clock.Elapsed.TotalSeconds);
            output.WriteLine($"  {from + now.Added,13:N0} waiting  {(now.Added - last.Added) / (now.Seconds - last.Seconds),9:N0} contacts/s  (average {now.Added / now.Seconds:N0}/s, {now.Seconds:F0} s)");
            last = now;
        }, null, 1_000, 1_000);

        var store = Store;
        var workers = Enumerable.Range(0, (int)Math.Min(options.Concurrency, target)).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref claimed) <= target)
            {
                var result = await store.EnqueueAsync(contacts.Contact(Interlocked.Increment(ref _sequence)), CancellationToken.None);
                if (result.Outcome != EnqueueOutcome.Queued || result.Events.Count > 0)
                {
                    throw new InvalidOperationException($"Contact {result.ContactId} was {result.Outcome} with {result.Events.Count} events; a fill must only queue.");
                }

                Interlocked.Increment(ref added);
            }
        });
        await Task.WhenAll(workers);
        clock.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        var fill = new FillResult(added, clock.Elapsed.TotalSeconds, options.Concurrency);
        output.WriteLine($"fill to {from + added:N0}: {added:N0} contacts in {fill.Seconds:F1} s, {fill.PerSecond:N0} contacts/s");
        if (added < target)
        {
            output.WriteLine($"FILL ABORTED: only {from + added:N0} of {to:N0} contacts waiting after the {options.FillTimeout.TotalSeconds:F0} s limit " +
                $"({fill.PerSecond:N0}/s). Rerun with --waiting {(long)(fill.PerSecond * options.FillTimeout.TotalSeconds * 0.9):N0} or fewer, or a larger --fill-timeout.");
        }

        return fill;
    }

    /// <summary>
    /// One enqueue and one match per sample, after a short warm-up. The agent is connected away
    /// for the measurement only (nothing is matched while filling) and disconnected afterwards.
    /// </summary>
    private async Task<DepthMeasurement> MeasureAsync(BenchmarkContacts contacts, long depth, CancellationToken cancellationToken)
    {
        var store = Store;
        var engine = Engine;
        var warmUp = Math.Min(500, options.Samples);
        var enqueue = new List<double>(options.Samples);
        var match = new List<double>(options.Samples);

        // Garbage from the fill is collected now, not in the middle of a timed call.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await engine.ConnectAsync(new ConnectCommand(_tenant, BenchmarkContacts.Node, BenchmarkContacts.Session, BenchmarkContacts.Agent(), DateTimeOffset.UtcNow), cancellationToken);
        for (var i = 0; i < warmUp + options.Samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = contacts.Contact(Interlocked.Increment(ref _sequence));
            var started = Stopwatch.GetTimestamp();
            var queued = await store.EnqueueAsync(request, cancellationToken);
            var enqueueMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (queued.Outcome != EnqueueOutcome.Queued || queued.Events.Count > 0)
            {
                throw new InvalidOperationException($"Contact {queued.ContactId} was {queued.Outcome} with {queued.Events.Count} events; with the agent away it must wait.");
            }

            started = Stopwatch.GetTimestamp();
            var ready = await engine.ChangeStatusAsync(new StatusCommand(_tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, EngineAgentStatus.Available, "", DateTimeOffset.UtcNow), cancellationToken);
            var matchMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var offer = ready.Events.FirstOrDefault(e => e.Kind == RoutingEventKind.Offer && e.AgentId == BenchmarkContacts.AgentId)
                ?? throw new InvalidOperationException($"The agent became available with {depth:N0} contacts waiting but was offered none ({ready.Code}).");

            Expect(await engine.AcceptAsync(new AcceptCommand(_tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, offer.OfferId, DateTimeOffset.UtcNow), cancellationToken), "accept");
            Expect(await engine.ChangeStatusAsync(new StatusCommand(_tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, EngineAgentStatus.Away, "benchmark", DateTimeOffset.UtcNow), cancellationToken), "away");
            Expect(await engine.CompleteAsync(new CompleteCommand(_tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, offer.ContactId, "resolved", "", SkipWrapUp: true, DateTimeOffset.UtcNow), cancellationToken), "complete");
            if (i >= warmUp)
            {
                enqueue.Add(enqueueMs);
                match.Add(matchMs);
            }
        }

        Expect(await engine.DisconnectAsync(new DisconnectCommand(_tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, DateTimeOffset.UtcNow), cancellationToken), "disconnect");
        var waiting = await store.CountWaitingAsync(_tenant, BenchmarkContacts.Queue, cancellationToken);
        if (waiting != depth)
        {
            throw new InvalidOperationException($"{waiting:N0} contacts waiting after the measurement, expected {depth:N0}.");
        }

        var result = new DepthMeasurement(depth, LatencySummary.From(enqueue), LatencySummary.From(match), LoadAverage());
        output.WriteLine($"measured at depth {depth:N0}: enqueue p50 {result.Enqueue.P50Ms:F3} ms p99 {result.Enqueue.P99Ms:F3} ms, " +
            $"match p50 {result.Match.P50Ms:F3} ms p99 {result.Match.P99Ms:F3} ms (load average {result.LoadAverage:F2})");
        return result;
    }

    private async Task<long> UsedMemoryAsync()
    {
        var info = await server.InfoAsync("memory");
        var used = info.SelectMany(section => section).First(e => e.Key == "used_memory").Value;
        return long.Parse(used, CultureInfo.InvariantCulture);
    }

    /// <summary>The 1-minute load average (Linux), 0 where there is none.</summary>
    private static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void Expect(DeskReply outcome, string step)
    {
        if (!outcome.Ok)
        {
            throw new InvalidOperationException($"The agent's {step} failed: {outcome.Code}.");
        }
    }
}
