using System.Globalization;
using System.Net;

namespace Routing.Simulator;

/// <summary>Command line of the simulator: <c>simulate</c>, <c>lifecycle</c> and <c>ingest</c>.</summary>
public static class SimulatorCommand
{
    private const string Usage = """
        usage: Routing.Simulator <mode> [options]                 (all targets must be loopback unless --allow-remote)

          simulate    a contact centre: gateways on every channel (customers coming back on other channels),
                      agents that accept, decline, handle and drop; live progress, a report, invariant checks
                      --agents 50 --rate 20 --count 1000 --duration 60 --drain 30 --handle-ms 2000 --accept 0.9
                      --disconnects-per-minute 0.5 --customers 500 --return 0.3 --known 0.05 --seed 42 --report sim-report
                      --mix chat=30,email=20,voice=15,sms=10,whatsapp=10,social=5,webform=5,video=3,letter=2
                        (arrival share per channel) --capacity voice=1,chat=3,email=5,... --total-capacity 6
          lifecycle   the throughput preset: every offer accepted and completed at once, no drops
                      --agents 300 --rate 500 --count 10000 --duration 120 [--report DIR]
          ingest      gateways only, as fast as the server takes them: Submit, or SubmitStream with --stream
                      --count 20000 --concurrency 64 --duration 60 [--stream] [--echo: Diagnostics.Echo, the yardstick]

          streams     opens --agents desk streams (AWAY, nothing offered) and holds them --hold seconds,
                      to measure the server's memory per stream: --agents 10000 --hold 20

          common      --target http://127.0.0.1:5080  --allow-remote  --quiet (no progress lines)
                      --no-watch (simulate: no server figures in the progress lines; shown when a supervisor
                      token is given with --supervisor-token JWT, in the development file, or minted with --signing-key)
          credentials --api-key KEY (gateways)  --signing-key BASE64 [--tenant t --issuer i --audience a]
                      (a token minted per agent)  --token JWT (one agent, the token's subject);
                      missing ones come from the server's development credentials file
                      (--credentials, default src/Routing.Server/data/dev-credentials.json or data/dev-credentials.json) when it exists
        simulate and lifecycle exit 1 when an invariant was broken (a contact assigned twice, an agent over
        capacity, a contact lost), 0 otherwise.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (args[0] is not ("simulate" or "lifecycle" or "ingest" or "streams"))
        {
            Console.Error.WriteLine($"Unknown mode '{args[0]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Uri target;
        try
        {
            target = new Uri(Value(args, "--target") ?? "http://127.0.0.1:5080");
        }
        catch (UriFormatException ex)
        {
            Console.Error.WriteLine($"--target: {ex.Message}");
            return 2;
        }

        if (!args.Contains("--allow-remote") && !IsLoopback(target))
        {
            Console.Error.WriteLine($"Refusing to load {target}: not a loopback address (pass --allow-remote to override).");
            return 2;
        }

        SimulatorCredentials credentials;
        try
        {
            credentials = SimulatorCredentials.FromArgs(name => Value(args, name));
        }
        catch (Exception ex) when (ex is FormatException or IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        if (credentials.Token is not null && credentials.SigningKey is null && args[0] is not "ingest" && Int(args, "--agents", 0) != 1)
        {
            Console.Error.WriteLine("--token names one agent: pass --agents 1, or --signing-key to mint a token per agent.");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return args[0] switch
            {
                "ingest" => await IngestAsync(args, target, credentials, cancel.Token),
                "streams" => await StreamsAsync(args, target, credentials, cancel.Token),
                _ => await SimulateAsync(args, target, credentials, cancel.Token),
            };
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static async Task<int> SimulateAsync(string[] args, Uri target, SimulatorCredentials credentials, CancellationToken cancellationToken)
    {
        var lifecycle = args[0] == "lifecycle";
        var options = new SimulationOptions
        {
            Target = target,
            Credentials = credentials,
            Agents = Int(args, "--agents", lifecycle ? 300 : 50),
            Rate = Double(args, "--rate", lifecycle ? 500 : 20),
            Count = Int(args, "--count", lifecycle ? 10_000 : 1_000),
            Duration = TimeSpan.FromSeconds(Double(args, "--duration", lifecycle ? 120 : 60)),
            Drain = TimeSpan.FromSeconds(Double(args, "--drain", lifecycle ? 60 : 30)),
            HandleTime = TimeSpan.FromMilliseconds(Double(args, "--handle-ms", lifecycle ? 0 : 2000)),
            AcceptProbability = Double(args, "--accept", lifecycle ? 1 : 0.9),
            DisconnectsPerMinute = Double(args, "--disconnects-per-minute", lifecycle ? 0 : 0.5),
            Customers = Int(args, "--customers", lifecycle ? 0 : 500),
            ReturnProbability = Double(args, "--return", 0.3),
            KnownCustomerShare = Double(args, "--known", lifecycle ? 0 : 0.05),
            Seed = Int(args, "--seed", 42),
            ReportDirectory = Value(args, "--report") ?? (lifecycle ? null : "sim-report"),
            Progress = !args.Contains("--quiet"),
            WatchServer = !args.Contains("--no-watch"),
            ChannelMix = Pairs(args, "--mix", double.Parse) ?? (lifecycle
                ? new Dictionary<string, double> { ["chat"] = 1, ["sms"] = 1, ["email"] = 1, ["whatsapp"] = 1, ["social"] = 1, ["webform"] = 1 }
                : new SimulationOptions { Target = target }.ChannelMix),
            AgentCapacity = Pairs(args, "--capacity", int.Parse) ?? new SimulationOptions { Target = target }.AgentCapacity,
            AgentTotalCapacity = Int(args, "--total-capacity", 6),
        };
        if (options.ChannelMix.Values.Sum() <= 0 || options.ChannelMix.Values.Any(v => v < 0) || options.AgentCapacity.Values.Any(v => v < 0) || options.AgentTotalCapacity < 1)
        {
            Console.Error.WriteLine("--mix shares must be non-negative with a positive sum; --capacity values non-negative; --total-capacity at least 1.");
            return 2;
        }

        if (options.Agents < 1 || options.Rate <= 0 || options.Count < 1 || options.AcceptProbability is < 0 or > 1)
        {
            Console.Error.WriteLine("--agents, --rate and --count must be positive and --accept between 0 and 1.");
            return 2;
        }

        Console.WriteLine($"{args[0]} -> {target}: {options.Agents} agents, up to {options.Count} contacts at {options.Rate:F0}/s, at most {options.Duration.TotalSeconds:F0} s + {options.Drain.TotalSeconds:F0} s drain");
        var report = await new ContactCentreSimulation(options, Console.Out).RunAsync(cancellationToken);
        Console.Write(report.ToText());
        if (options.ReportDirectory is { } directory)
        {
            Console.WriteLine($"  report: {Path.GetFullPath(Path.Combine(directory, "report.txt"))}, report.json, report.html");
        }

        return report.InvariantsHeld ? 0 : 1;
    }

    private static async Task<int> StreamsAsync(string[] args, Uri target, SimulatorCredentials credentials, CancellationToken cancellationToken)
    {
        var streams = Int(args, "--agents", 10_000);
        var hold = TimeSpan.FromSeconds(Double(args, "--hold", 20));
        Console.WriteLine($"streams -> {target}: {streams} desk streams, held {hold.TotalSeconds:F0} s");
        var (connected, connectTime) = await new StreamHold(target, streams, hold, Console.Out, credentials).RunAsync(null, cancellationToken);
        Console.WriteLine($"connected {connected} of {streams} desk streams in {connectTime.TotalSeconds:F1} s, held {hold.TotalSeconds:F0} s");
        return connected == streams ? 0 : 1;
    }

    private static async Task<int> IngestAsync(string[] args, Uri target, SimulatorCredentials credentials, CancellationToken cancellationToken)
    {
        var options = new IngestLoadOptions(
            target,
            Int(args, "--count", 20_000),
            Int(args, "--concurrency", 64),
            TimeSpan.FromSeconds(Double(args, "--duration", 60)),
            args.Contains("--stream"),
            "sim-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999),
            args.Contains("--echo"),
            args.Contains("--quiet"),
            credentials);
        if (options.Echo && options.Stream)
        {
            Console.Error.WriteLine("--echo is unary only.");
            return 2;
        }

        Console.WriteLine($"ingest {(options.Echo ? "Diagnostics.Echo" : options.Stream ? "SubmitStream" : "Submit")} -> {target}: up to {options.Count} contacts, concurrency {options.Concurrency}, at most {options.Duration.TotalSeconds:F0} s");
        var result = await new IngestLoad(options, Console.Out).RunAsync(cancellationToken);
        Console.WriteLine($"accepted {result.Accepted} errors {result.Errors} in {result.Elapsed.TotalSeconds:F1} s: {result.PerSecond:F0} contacts/s, latency p50 {result.P50Ms:F2} ms p99 {result.P99Ms:F2} ms p99.9 {result.P999Ms:F2} ms");
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>"a=1,b=2" into a dictionary, or null when the option is absent.</summary>
    private static Dictionary<string, T>? Pairs<T>(string[] args, string name, Func<string, IFormatProvider, T> parse)
    {
        if (Value(args, name) is not { } text)
        {
            return null;
        }

        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            try
            {
                result[parts[0].ToLowerInvariant()] = parse(parts.Length == 2 ? parts[1] : "", CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new FormatException($"{name}: '{pair}' is not channel=number.");
            }
        }

        return result;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } v ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"{name} must be a whole number, got '{v}'.") : fallback;

    private static double Double(string[] args, string name, double fallback) =>
        Value(args, name) is { } v ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"{name} must be a number, got '{v}'.") : fallback;

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
