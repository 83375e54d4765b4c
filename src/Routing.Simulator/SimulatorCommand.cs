using System.CommandLine;
using System.Globalization;
using System.Net;

namespace Routing.Simulator;

/// <summary>
/// Command line of the simulator (System.CommandLine): <c>simulate</c>, <c>lifecycle</c>, <c>ingest</c>
/// and <c>streams</c>, each with its options, help and validation. A usage error (unknown option, a
/// value out of range, a remote target) exits 2 before anything connects; simulate and lifecycle exit
/// 1 when an invariant broke, 0 otherwise.
/// </summary>
public static class SimulatorCommand
{
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var common = new CommonOptions();
        var root = new RootCommand("Simulated gateways and agents against a Routing server (every target must be loopback unless --allow-remote)")
        {
            SimulationCommand("simulate", lifecycle: false, common),
            SimulationCommand("lifecycle", lifecycle: true, common),
            IngestCommand(common),
            StreamsCommand(common),
        };
        common.AddTo(root);

        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("See Routing.Simulator --help, or Routing.Simulator <mode> --help.");
            return UsageError;
        }

        // Ctrl+C stops submitting and ends the run early, with its report, instead of killing the process.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static Command SimulationCommand(string name, bool lifecycle, CommonOptions common)
    {
        var defaults = new SimulationOptions { Target = new Uri("http://127.0.0.1") };
        var agents = Whole("--agents", lifecycle ? 300 : 50, 1, 100_000, "Simulated agent desks, one stream each");
        var rate = Number("--rate", lifecycle ? 500 : 20, 0.001, 1_000_000, "Contacts per second across all channels");
        var count = Whole("--count", lifecycle ? 10_000 : 1_000, 1, 100_000_000, "Contacts to submit at most");
        var duration = Number("--duration", lifecycle ? 120 : 60, 0.1, 86_400, "Seconds of submitting at most");
        var drain = Number("--drain", lifecycle ? 60 : 30, 0, 86_400, "Seconds to wait at most after submitting for the contacts to be completed");
        var handle = Number("--handle-ms", lifecycle ? 0 : 2000, 0, 3_600_000, "Mean handle time in ms (exponentially distributed); 0 completes at once");
        var accept = Number("--accept", lifecycle ? 1 : 0.9, 0, 1, "Chance an agent accepts an offer (else it declines)");
        var disconnects = Number("--disconnects-per-minute", lifecycle ? 0 : 0.5, 0, 600, "Desk drops per agent per minute; a dropped desk reconnects within a few seconds");
        var customers = Whole("--customers", lifecycle ? 0 : 500, 0, 100_000_000, "Customers the gateways draw from; 0 = every contact from a new customer");
        var returns = Number("--return", 0.3, 0, 1, "Chance a contact comes from a customer seen before, on another channel");
        var known = Number("--known", lifecycle ? 0 : 0.05, 0, 1, "Share of contacts from the CRM's demo customers (they thread across channels)");
        var seed = Whole("--seed", 42, int.MinValue, int.MaxValue, "Random seed");
        var replies = Number("--reply-ratio", lifecycle ? 0 : defaults.ReplyRatio, 0, 1,
            "Share of written contacts (not voice or video) the agent answers with SendReply before completing; the gateways deliver and acknowledge the replies");
        var failures = Number("--fail-ratio", lifecycle ? 0 : defaults.DeliveryFailureRatio, 0, 1, "Share of deliveries the simulated gateways report failed (the rest delivered)");
        var crashes = Number("--gateway-crash-ratio", 0, 0, 1,
            "Share of deliveries on which a simulated gateway drops its stream instead of acknowledging; the router delivers them again after Outbound:AckTimeout (30 s by default: give a longer --drain)");
        var report = new Option<string?>("--report")
        {
            Description = "Directory for report.txt, report.json and report.html" + (lifecycle ? " (default: none)" : ""),
            HelpName = "DIR",
            DefaultValueFactory = _ => lifecycle ? null : "sim-report",
        };
        var noWatch = new Option<bool>("--no-watch") { Description = "No server figures (Supervisor.WatchQueues) in the progress lines" };
        var mix = Pairs("--mix", double.Parse, shares => shares.Values.Sum() > 0 && shares.Values.All(v => v >= 0) ? null : "shares must be non-negative with a positive sum", "Arrival share per channel, e.g. chat=30,email=20,voice=15 (default: "
            + (lifecycle ? "the six written channels, equal shares" : Join(defaults.ChannelMix)) + ")");
        var capacity = Pairs("--capacity", int.Parse, caps => caps.Values.All(v => v >= 0) ? null : "values must be non-negative", "Contacts each agent takes at once per channel (default " + Join(defaults.AgentCapacity) + ")");
        var totalCapacity = Whole("--total-capacity", defaults.AgentTotalCapacity, 1, 1_000, "Each agent's cap across channels");

        var command = new Command(name, lifecycle
            ? "The throughput preset: every offer accepted and completed at once, no drops, no replies"
            : "A contact centre: gateways on every channel (customers coming back on other channels), agents that accept, decline, reply, handle and drop; live progress, a report and invariant checks")
        {
            agents, rate, count, duration, drain, handle, accept, disconnects, customers, returns, known, seed, replies, failures, crashes, report, noWatch, mix, capacity, totalCapacity,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (common.Resolve(parse, parse.GetValue(agents)) is not { } resolved)
            {
                return UsageError;
            }

            var options = new SimulationOptions
            {
                Target = resolved.Target,
                Credentials = resolved.Credentials,
                Agents = parse.GetValue(agents),
                Rate = parse.GetValue(rate),
                Count = parse.GetValue(count),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Drain = TimeSpan.FromSeconds(parse.GetValue(drain)),
                HandleTime = TimeSpan.FromMilliseconds(parse.GetValue(handle)),
                AcceptProbability = parse.GetValue(accept),
                DisconnectsPerMinute = parse.GetValue(disconnects),
                Customers = parse.GetValue(customers),
                ReturnProbability = parse.GetValue(returns),
                KnownCustomerShare = parse.GetValue(known),
                Seed = parse.GetValue(seed),
                ReplyRatio = parse.GetValue(replies),
                DeliveryFailureRatio = parse.GetValue(failures),
                GatewayCrashRatio = parse.GetValue(crashes),
                ReportDirectory = parse.GetValue(report),
                Progress = !parse.GetValue(common.Quiet),
                WatchServer = !parse.GetValue(noWatch),
                ChannelMix = parse.GetValue(mix) ?? (lifecycle
                    ? new Dictionary<string, double> { ["chat"] = 1, ["sms"] = 1, ["email"] = 1, ["whatsapp"] = 1, ["social"] = 1, ["webform"] = 1 }
                    : defaults.ChannelMix),
                AgentCapacity = parse.GetValue(capacity) ?? defaults.AgentCapacity,
                AgentTotalCapacity = parse.GetValue(totalCapacity),
            };

            Console.WriteLine($"{name} -> {options.Target}: {options.Agents} agents, up to {options.Count} contacts at {options.Rate:F0}/s, at most {options.Duration.TotalSeconds:F0} s + {options.Drain.TotalSeconds:F0} s drain");
            var result = await new ContactCentreSimulation(options, Console.Out).RunAsync(cancellationToken);
            Console.Write(result.ToText());
            if (options.ReportDirectory is { } directory)
            {
                Console.WriteLine($"  report: {Path.GetFullPath(Path.Combine(directory, "report.txt"))}, report.json, report.html");
            }

            return result.InvariantsHeld ? 0 : 1;
        });
        return command;
    }

    private static Command IngestCommand(CommonOptions common)
    {
        var count = Whole("--count", 20_000, 1, 100_000_000, "Contacts (or Echo calls) at most");
        var concurrency = Whole("--concurrency", 64, 1, 100_000, "Calls in flight (with --stream: streams)");
        var duration = Number("--duration", 60, 0.1, 86_400, "Seconds at most");
        var stream = new Option<bool>("--stream") { Description = "SubmitStream instead of unary Submit" };
        var echo = new Option<bool>("--echo") { Description = "Diagnostics.Echo (gRPC only, no I/O): the yardstick; unary only" };
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to this file (the raw figures a benchmark keeps)", HelpName = "FILE" };
        var command = new Command("ingest", "Gateways only, as fast as the server takes them: Submit, SubmitStream (--stream) or Diagnostics.Echo (--echo)")
        {
            count, concurrency, duration, stream, echo, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(echo) && r.GetValue(stream))
            {
                r.AddError("--echo is unary only: leave out --stream.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (common.Resolve(parse, agents: null) is not { } resolved)
            {
                return UsageError;
            }

            var options = new IngestLoadOptions(
                resolved.Target,
                parse.GetValue(count),
                parse.GetValue(concurrency),
                TimeSpan.FromSeconds(parse.GetValue(duration)),
                parse.GetValue(stream),
                "sim-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999),
                parse.GetValue(echo),
                parse.GetValue(common.Quiet),
                resolved.Credentials);
            Console.WriteLine($"ingest {(options.Echo ? "Diagnostics.Echo" : options.Stream ? "SubmitStream" : "Submit")} -> {options.Target}: up to {options.Count} contacts, concurrency {options.Concurrency}, at most {options.Duration.TotalSeconds:F0} s");
            var result = await new IngestLoad(options, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine($"accepted {result.Accepted} errors {result.Errors} in {result.Elapsed.TotalSeconds:F1} s: {result.PerSecond:F0} contacts/s, latency p50 {result.P50Ms:F2} ms p99 {result.P99Ms:F2} ms p99.9 {result.P999Ms:F2} ms");
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file, IngestLoadReport.Of(options, result).ToJson(), cancellationToken);
            }

            return result.Errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command StreamsCommand(CommonOptions common)
    {
        var agents = Whole("--agents", 10_000, 1, 1_000_000, "Desk streams to open (AWAY, nothing offered)");
        var hold = Number("--hold", 20, 0, 86_400, "Seconds to hold them");
        var command = new Command("streams", "Opens many idle desk streams and holds them, to measure the server's memory per stream") { agents, hold };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var streams = parse.GetValue(agents);
            if (common.Resolve(parse, streams) is not { } resolved)
            {
                return UsageError;
            }

            var held = TimeSpan.FromSeconds(parse.GetValue(hold));
            Console.WriteLine($"streams -> {resolved.Target}: {streams} desk streams, held {held.TotalSeconds:F0} s");
            var (connected, connectTime) = await new StreamHold(resolved.Target, streams, held, Console.Out, resolved.Credentials).RunAsync(null, cancellationToken);
            Console.WriteLine($"connected {connected} of {streams} desk streams in {connectTime.TotalSeconds:F1} s, held {held.TotalSeconds:F0} s");
            return connected == streams ? 0 : 1;
        });
        return command;
    }

    private static Option<int> Whole(string name, int fallback, int min, int max, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "N",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                r.AddError($"{name} must be a whole number, got '{text}'.");
            }
            else if (value < min || value > max)
            {
                r.AddError($"{name} must be between {min} and {max}, got {value}.");
            }

            return value;
        },
    };

    /// <summary>A number read with the invariant culture (a decimal point on every machine), within [min, max].</summary>
    private static Option<double> Number(string name, double fallback, double min, double max, string description)
    {
        var option = new Option<double>(name)
        {
            Description = description,
            DefaultValueFactory = _ => fallback,
            HelpName = "X",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    r.AddError($"{name} must be a number, got '{text}'.");
                    return 0;
                }

                if (value < min || value > max)
                {
                    r.AddError($"{name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {text}.");
                }

                return value;
            },
        };
        return option;
    }

    /// <summary>"a=1,b=2" into a dictionary (channel names lower-cased); absent: null, so the mode's default applies.</summary>
    /// <param name="check">What is wrong with the whole, or null.</param>
    private static Option<Dictionary<string, T>?> Pairs<T>(string name, Func<string, IFormatProvider, T> parse, Func<Dictionary<string, T>, string?> check, string description) => new(name)
    {
        Description = description,
        HelpName = "CHANNEL=N,...",
        CustomParser = r =>
        {
            var result = new Dictionary<string, T>(StringComparer.Ordinal);
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = pair.Split('=', 2);
                try
                {
                    result[parts[0].ToLowerInvariant()] = parse(parts.Length == 2 ? parts[1] : "", CultureInfo.InvariantCulture);
                }
                catch (Exception ex) when (ex is FormatException or OverflowException)
                {
                    r.AddError($"{name}: '{pair}' is not channel=number.");
                    return null;
                }
            }

            if (result.Count == 0)
            {
                r.AddError($"{name}: give at least one channel=number.");
            }
            else if (check(result) is { } wrong)
            {
                r.AddError($"{name}: {wrong}.");
            }

            return result;
        },
    };

    private static string Join<T>(IReadOnlyDictionary<string, T> pairs) => string.Join(",", pairs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")));

    internal static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
