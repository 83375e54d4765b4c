using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Routing.Redis;
using StackExchange.Redis;

namespace Routing.Benchmarks;

/// <summary>
/// Does queue depth cost anything? Two fresh tenants on the same Redis, through the real stores
/// and Lua scripts: one filled to the baseline depth, the other to the full depth. After a pause
/// (the fill's background work in Redis settles), each round measures both tenants interleaved,
/// sample by sample and alternating which goes first, so both depths see the same machine: a ratio
/// is taken within one round, never across the minutes a fill takes. Each sample is one enqueue (no
/// agent free, so the contact waits) and one match (an agent becomes available and pulls the best
/// waiting contact, which it accepts and completes), so the depths stay where they are. Redis memory
/// per waiting contact is measured over the big fill. Both tenants' keys are deleted at the end,
/// whatever happened.
/// </summary>
public sealed class QueueDepthBenchmark(IConnectionMultiplexer redis, IServer server, QueueDepthOptions options, TextWriter output)
{
    private readonly EngineSettings _settings = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private long _sequence;

    private ContactQueueStore Store => new(redis, Options.Create(new RedisOptions()), _settings);

    private RoutingEngineStore Engine => new(redis, _settings);

    /// <summary>Runs the benchmark; null when a fill did not reach its depth in time (the reason is printed).</summary>
    public async Task<QueueDepthReport?> RunAsync(CancellationToken cancellationToken)
    {
        var small = new Depth("bench-" + _run + "-small", options.BaselineDepth, _settings);
        var deep = new Depth("bench-" + _run + "-deep", options.Waiting, _settings);
        var startedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"queue-depth on {options.Redis} (Redis {server.Version}): tenant {small.Tenant} at {options.BaselineDepth:N0} waiting, " +
            $"tenant {deep.Tenant} at {options.Waiting:N0}; {options.Rounds} rounds of {options.Samples:N0} samples per depth, interleaved; " +
            $"fill {options.Concurrency} in flight, at most {options.FillTimeout.TotalSeconds:F0} s; {options.Settle.TotalSeconds:F0} s pause after the fill");
        try
        {
            var smallFill = await FillAsync(small, cancellationToken);
            if (smallFill.Contacts < small.Target)
            {
                return null;
            }

            var memoryBefore = await UsedMemoryAsync();
            var fill = await FillAsync(deep, cancellationToken);
            if (fill.Contacts < deep.Target)
            {
                return null;
            }

            var memoryAdded = await UsedMemoryAsync() - memoryBefore;
            output.WriteLine($"pausing {options.Settle.TotalSeconds:F0} s for Redis to settle after the fill");
            await Task.Delay(options.Settle, cancellationToken);

            var rounds = new List<DepthRound>(options.Rounds);
            for (var round = 1; round <= options.Rounds; round++)
            {
                var measured = await MeasureRoundAsync(round, small, deep, cancellationToken);
                output.WriteLine($"round {round}: depth {options.Waiting:N0} vs {options.BaselineDepth:N0}: match p50 x{measured.MatchP50Ratio:F2}, p99 x{measured.MatchP99Ratio:F2}; " +
                    $"enqueue p50 x{measured.EnqueueP50Ratio:F2}, p99 x{measured.EnqueueP99Ratio:F2} (load average {measured.Deep.LoadAverage:F2})");
                rounds.Add(measured);
            }

            return new QueueDepthReport(options.Redis, server.Version.ToString(), small.Tenant, deep.Tenant, startedAt, options.Samples, fill,
                memoryAdded, (double)memoryAdded / fill.Contacts, rounds);
        }
        finally
        {
            var cleanup = new TenantCleanup(redis, server, output);
            await cleanup.DeleteAsync(new RoutingKeys(deep.Tenant).Prefix);
            await cleanup.DeleteAsync(new RoutingKeys(small.Tenant).Prefix);
        }
    }

    /// <summary>
    /// Adds contacts with many enqueues in flight until the tenant's queue holds its target,
    /// printing progress every second. Stops early at the fill time limit (the result then says how far it got).
    /// </summary>
    private async Task<FillResult> FillAsync(Depth depth, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.FillTimeout);
        var target = depth.Target;
        long claimed = 0;
        long added = 0;
        var clock = Stopwatch.StartNew();
        var last = (Added: 0L, Seconds: 0.0);
        using var progress = new Timer(_ =>
        {
            var now = (Added: Interlocked.Read(ref added), Seconds: clock.Elapsed.TotalSeconds);
            output.WriteLine($"  {now.Added,13:N0} waiting  {(now.Added - last.Added) / (now.Seconds - last.Seconds),9:N0} contacts/s  (average {now.Added / now.Seconds:N0}/s, {now.Seconds:F0} s)");
            last = now;
        }, null, 1_000, 1_000);

        var store = Store;
        var workers = Enumerable.Range(0, (int)Math.Min(options.Concurrency, target)).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref claimed) <= target)
            {
                var result = await store.EnqueueAsync(depth.Contacts.Contact(Interlocked.Increment(ref _sequence)), CancellationToken.None);
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
        output.WriteLine($"fill {depth.Tenant} to {added:N0}: {fill.Seconds:F1} s, {fill.PerSecond:N0} contacts/s");
        if (added < target)
        {
            output.WriteLine($"FILL ABORTED: only {added:N0} of {target:N0} contacts waiting after the {options.FillTimeout.TotalSeconds:F0} s limit " +
                $"({fill.PerSecond:N0}/s). Rerun with --waiting {(long)(fill.PerSecond * options.FillTimeout.TotalSeconds * 0.9):N0} or fewer, or a larger --fill-timeout.");
        }

        return fill;
    }

    /// <summary>
    /// One round: a short warm-up, then samples of both depths in turn (the first of each pair
    /// alternates). The agents are connected away for the round only (nothing is matched while
    /// filling) and disconnected afterwards; both depths must be unchanged at the end.
    /// </summary>
    private async Task<DepthRound> MeasureRoundAsync(int round, Depth small, Depth deep, CancellationToken cancellationToken)
    {
        var store = Store;
        var engine = Engine;
        var warmUp = Math.Min(200, options.Samples);
        var samples = new Dictionary<Depth, (List<double> Enqueue, List<double> Match)>
        {
            [small] = (new List<double>(options.Samples), new List<double>(options.Samples)),
            [deep] = (new List<double>(options.Samples), new List<double>(options.Samples)),
        };

        // Garbage from the fill or the last round is collected now, not in the middle of a timed call.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var depth in new[] { small, deep })
        {
            await engine.ConnectAsync(new ConnectCommand(depth.Tenant, BenchmarkContacts.Node, BenchmarkContacts.Session, BenchmarkContacts.Agent(), DateTimeOffset.UtcNow), cancellationToken);
        }

        for (var i = 0; i < warmUp + options.Samples; i++)
        {
            var pair = i % 2 == 0 ? new[] { small, deep } : [deep, small];
            foreach (var depth in pair)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (enqueueMs, matchMs) = await SampleAsync(store, engine, depth, cancellationToken);
                if (i >= warmUp)
                {
                    samples[depth].Enqueue.Add(enqueueMs);
                    samples[depth].Match.Add(matchMs);
                }
            }
        }

        var load = LoadAverage();
        var measured = new List<DepthMeasurement>(2);
        foreach (var depth in new[] { small, deep })
        {
            Expect(await engine.DisconnectAsync(new DisconnectCommand(depth.Tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, DateTimeOffset.UtcNow), cancellationToken), "disconnect");
            var waiting = await store.CountWaitingAsync(depth.Tenant, BenchmarkContacts.Queue, cancellationToken);
            if (waiting != depth.Target)
            {
                throw new InvalidOperationException($"{waiting:N0} contacts waiting in {depth.Tenant} after round {round}, expected {depth.Target:N0}.");
            }

            var result = new DepthMeasurement(depth.Target, LatencySummary.From(samples[depth].Enqueue), LatencySummary.From(samples[depth].Match), load);
            output.WriteLine($"round {round} at depth {depth.Target:N0}: enqueue p50 {result.Enqueue.P50Ms:F3} ms p99 {result.Enqueue.P99Ms:F3} ms, " +
                $"match p50 {result.Match.P50Ms:F3} ms p99 {result.Match.P99Ms:F3} ms");
            measured.Add(result);
        }

        return new DepthRound(round, measured[0], measured[1]);
    }

    /// <summary>One enqueue (the contact waits: the agent is away), then one match: the agent becomes available, is offered the best waiting contact, accepts it, goes away and completes it.</summary>
    private async Task<(double EnqueueMs, double MatchMs)> SampleAsync(ContactQueueStore store, RoutingEngineStore engine, Depth depth, CancellationToken cancellationToken)
    {
        var tenant = depth.Tenant;
        var request = depth.Contacts.Contact(Interlocked.Increment(ref _sequence));
        var started = Stopwatch.GetTimestamp();
        var queued = await store.EnqueueAsync(request, cancellationToken);
        var enqueueMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (queued.Outcome != EnqueueOutcome.Queued || queued.Events.Count > 0)
        {
            throw new InvalidOperationException($"Contact {queued.ContactId} was {queued.Outcome} with {queued.Events.Count} events; with the agent away it must wait.");
        }

        started = Stopwatch.GetTimestamp();
        var ready = await engine.ChangeStatusAsync(new StatusCommand(tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, EngineAgentStatus.Available, "", DateTimeOffset.UtcNow), cancellationToken);
        var matchMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var offer = ready.Events.FirstOrDefault(e => e.Kind == RoutingEventKind.Offer && e.AgentId == BenchmarkContacts.AgentId)
            ?? throw new InvalidOperationException($"The agent became available with {depth.Target:N0} contacts waiting in {tenant} but was offered none ({ready.Code}).");

        Expect(await engine.AcceptAsync(new AcceptCommand(tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, offer.OfferId, DateTimeOffset.UtcNow), cancellationToken), "accept");
        Expect(await engine.ChangeStatusAsync(new StatusCommand(tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, EngineAgentStatus.Away, "benchmark", DateTimeOffset.UtcNow), cancellationToken), "away");
        Expect(await engine.CompleteAsync(new CompleteCommand(tenant, BenchmarkContacts.Node, BenchmarkContacts.AgentId, BenchmarkContacts.Session, offer.ContactId, "resolved", "", SkipWrapUp: true, DateTimeOffset.UtcNow), cancellationToken), "complete");
        return (enqueueMs, matchMs);
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

    /// <summary>One tenant of the run and the depth its queue is held at.</summary>
    private sealed class Depth(string tenant, long target, EngineSettings settings)
    {
        public string Tenant { get; } = tenant;

        public long Target { get; } = target;

        public BenchmarkContacts Contacts { get; } = new(tenant, settings);
    }
}
