using System.Net;

namespace Routing.Simulator;

/// <summary>Command line: <c>ingest [--target URL] [--count N] [--concurrency C] [--duration SECONDS] [--stream]</c>.</summary>
public static class SimulatorCommand
{
    private const string Usage = """
        usage: Routing.Simulator ingest [--target http://127.0.0.1:5080] [--count 20000] [--concurrency 64]
                                        [--duration 60] [--stream] [--allow-remote]
          Pushes contacts on every channel until --count are accepted or --duration seconds pass.

               Routing.Simulator lifecycle [--target URL] [--agents 300] [--rate 500] [--count 10000]
                                           [--duration 120] [--handle-ms 0] [--allow-remote]
          Connects --agents desks (accept every offer, complete after --handle-ms), submits --count
          contacts at --rate per second, reports contacts/s and enqueue-to-offer latency, and exits
          non-zero if any contact was assigned twice or not completed in time.

          Targets must be loopback unless --allow-remote is given.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" || args[0] is not ("ingest" or "lifecycle"))
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
        }

        var target = new Uri(Value(args, "--target") ?? "http://127.0.0.1:5080");
        if (!args.Contains("--allow-remote") && !IsLoopback(target))
        {
            Console.Error.WriteLine($"Refusing to load {target}: not a loopback address (pass --allow-remote to override).");
            return 2;
        }

        var runId = "sim-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        if (args[0] == "lifecycle")
        {
            var lifecycle = new LifecycleOptions(
                target,
                Int(args, "--agents", 300),
                double.Parse(Value(args, "--rate") ?? "500", System.Globalization.CultureInfo.InvariantCulture),
                Int(args, "--count", 10_000),
                TimeSpan.FromSeconds(Int(args, "--duration", 120)),
                TimeSpan.FromMilliseconds(Int(args, "--handle-ms", 0)),
                runId);
            Console.WriteLine($"lifecycle -> {target}: {lifecycle.Agents} agents, {lifecycle.Count} contacts at {lifecycle.Rate:F0}/s, at most {lifecycle.Duration.TotalSeconds:F0} s");
            var outcome = await new LifecycleLoad(lifecycle, Console.Out).RunAsync(cancel.Token);
            Console.WriteLine($"submitted {outcome.Submitted} offered {outcome.Offered} assigned {outcome.Assigned} completed {outcome.Completed} in {outcome.Elapsed.TotalSeconds:F1} s: " +
                $"{outcome.CompletedPerSecond:F0} contacts/s, enqueue-to-offer p50 {outcome.OfferP50Ms:F2} ms p99 {outcome.OfferP99Ms:F2} ms max {outcome.OfferMaxMs:F2} ms");
            foreach (var violation in outcome.Violations.Take(20))
            {
                Console.WriteLine("INVARIANT BROKEN: " + violation);
            }

            return outcome.Violations.Count == 0 ? 0 : 1;
        }

        var options = new IngestLoadOptions(
            target,
            int.Parse(Value(args, "--count") ?? "20000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value(args, "--concurrency") ?? "64", System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Value(args, "--duration") ?? "60", System.Globalization.CultureInfo.InvariantCulture)),
            args.Contains("--stream"),
            runId);

        Console.WriteLine($"ingest {(options.Stream ? "SubmitStream" : "Submit")} -> {target}: up to {options.Count} contacts, concurrency {options.Concurrency}, at most {options.Duration.TotalSeconds:F0} s");
        var result = await new IngestLoad(options, Console.Out).RunAsync(cancel.Token);
        Console.WriteLine($"accepted {result.Accepted} errors {result.Errors} in {result.Elapsed.TotalSeconds:F1} s: {result.PerSecond:F0} contacts/s, latency p50 {result.P50Ms:F2} ms p99 {result.P99Ms:F2} ms p99.9 {result.P999Ms:F2} ms");
        return result.Errors == 0 ? 0 : 1;
    }

    private static int Int(string[] args, string name, int fallback) =>
        int.Parse(Value(args, name) ?? fallback.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
