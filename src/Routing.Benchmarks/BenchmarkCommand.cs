using System.Globalization;
using System.Net;
using System.Text.Json;
using StackExchange.Redis;

namespace Routing.Benchmarks;

/// <summary>Command line: <c>queue-depth [--redis 127.0.0.1:6379] [--waiting N] [--samples N] [--json PATH] ...</c>.</summary>
public static class BenchmarkCommand
{
    private const string Usage = """
        usage: Routing.Benchmarks queue-depth [--redis 127.0.0.1:6379] [--waiting 1000000] [--samples 2000]
                                              [--baseline 1000] [--rounds 3] [--settle 15] [--concurrency 256]
                                              [--fill-timeout 900] [--json PATH]
          On two fresh tenants of the given Redis (loopback only; start a throwaway one, e.g.
          redis-server --port 6411 --save '' --appendonly no), through the real stores and scripts:
          fills one tenant's queue to --baseline waiting contacts and the other's to --waiting,
          pauses --settle seconds, then runs --rounds rounds; each round measures --samples enqueues
          (no agent free) and matches (an agent becomes available and is offered the best waiting
          contact) at each depth, the two depths interleaved sample by sample, and prints the ratio
          of the deep to the shallow figures. Prints the latencies, the Redis memory per waiting
          contact and the fill rate; --json also writes them to PATH. A fill stops after
          --fill-timeout seconds. Both tenants' keys are deleted at the end.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" || args[0] != "queue-depth")
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
        }

        var redis = Value(args, "--redis") ?? "127.0.0.1:6379";
        if (!TryParseEndPoint(redis, out var host, out var port))
        {
            Console.Error.WriteLine($"--redis {redis}: expected host:port, e.g. 127.0.0.1:6411.");
            return 2;
        }

        if (!IsLoopback(host))
        {
            Console.Error.WriteLine($"Refusing to benchmark Redis at {redis}: not a loopback address. The benchmark writes millions of keys; use a throwaway local redis-server.");
            return 2;
        }

        QueueDepthOptions options;
        try
        {
            options = new QueueDepthOptions(
                host,
                port,
                Long(args, "--waiting", 1_000_000),
                checked((int)Long(args, "--samples", 2_000)),
                checked((int)Long(args, "--baseline", 1_000)),
                checked((int)Long(args, "--concurrency", 256)),
                TimeSpan.FromSeconds(Long(args, "--fill-timeout", 900)),
                checked((int)Long(args, "--rounds", 3)),
                TimeSpan.FromSeconds(Long(args, "--settle", 15)),
                Value(args, "--json"));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            Console.Error.WriteLine($"Bad number: {ex.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (options.BaselineDepth < 1 || options.Waiting <= options.BaselineDepth || options.Samples < 1 ||
            options.Concurrency is < 1 or > 4_096 || options.FillTimeout <= TimeSpan.Zero || options.Rounds is < 1 or > 20 || options.Settle < TimeSpan.Zero)
        {
            Console.Error.WriteLine("Need --baseline >= 1, --waiting > --baseline, --samples >= 1, --concurrency 1-4096, --fill-timeout > 0, --rounds 1-20 and --settle >= 0.");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // Admin mode for INFO (memory); the address is loopback, a throwaway server by design.
        var configuration = new ConfigurationOptions { EndPoints = { { host, port } }, AllowAdmin = true, ConnectTimeout = 5_000, AsyncTimeout = 30_000, SyncTimeout = 30_000 };
        ConnectionMultiplexer connection;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        catch (RedisConnectionException ex)
        {
            Console.Error.WriteLine($"Cannot connect to Redis at {options.Redis}: {ex.Message}");
            Console.Error.WriteLine($"Start a throwaway one: redis-server --port {port} --save '' --appendonly no --daemonize yes");
            return 1;
        }

        await using (connection)
        {
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            QueueDepthReport? report;
            try
            {
                report = await new QueueDepthBenchmark(connection, server, options, Console.Out).RunAsync(cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("Cancelled.");
                return 130;
            }
            catch (Exception ex) when (ex is RedisException or InvalidOperationException)
            {
                Console.Error.WriteLine($"queue-depth failed: {ex.Message}");
                return 1;
            }

            if (report is null)
            {
                return 1;
            }

            Print(report, Console.Out);
            if (options.JsonPath is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.QueueDepthReport) + "\n", CancellationToken.None);
                Console.WriteLine($"wrote {path}");
            }
        }

        return 0;
    }

    private static void Print(QueueDepthReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"round",5}  {"waiting",13}  {"enqueue p50",11}  {"p99",8}  {"max",8}  {"match p50",11}  {"p99",8}  {"max",8}   (ms)");
        foreach (var round in report.Rounds)
        {
            foreach (var d in new[] { round.Baseline, round.Deep })
            {
                output.WriteLine($"{round.Round,5}  {d.Depth,13:N0}  {d.Enqueue.P50Ms,11:F3}  {d.Enqueue.P99Ms,8:F3}  {d.Enqueue.MaxMs,8:F3}  {d.Match.P50Ms,11:F3}  {d.Match.P99Ms,8:F3}  {d.Match.MaxMs,8:F3}");
            }
        }

        output.WriteLine();
        output.WriteLine($"memory: {report.MemoryBytesPerContact:N0} bytes of Redis used_memory per waiting contact ({report.MemoryBytesAdded / 1024.0 / 1024.0:N1} MiB for {report.Fill.Contacts:N0})");
        output.WriteLine($"fill: {report.Fill.Contacts:N0} contacts in {report.Fill.Seconds:F1} s = {report.Fill.PerSecond:N0} contacts/s ({report.Fill.Concurrency} in flight)");
        foreach (var round in report.Rounds)
        {
            output.WriteLine($"round {round.Round}: depth {round.Deep.Depth:N0} vs {round.Baseline.Depth:N0}: match p50 x{round.MatchP50Ratio:F2}, p99 x{round.MatchP99Ratio:F2}; " +
                $"enqueue p50 x{round.EnqueueP50Ratio:F2}, p99 x{round.EnqueueP99Ratio:F2}");
        }

        output.WriteLine($"summary: worst of {report.Rounds.Count} rounds: match p50 x{report.WorstMatchP50Ratio:F2}, p99 x{report.WorstMatchP99Ratio:F2}; {report.MemoryBytesPerContact:N0} B per waiting contact");
    }

    private static long Long(string[] args, string name, long fallback) =>
        Value(args, name) is { } v ? long.Parse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static bool TryParseEndPoint(string value, out string host, out int port)
    {
        var colon = value.LastIndexOf(':');
        host = colon > 0 ? value[..colon].Trim('[', ']') : "";
        port = 0;
        return colon > 0 && host.Length > 0 && int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65_536;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
