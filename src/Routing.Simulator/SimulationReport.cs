using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Routing.Simulator;

/// <summary>The outcome of a simulation: figures, invariant violations, and where the report files went.</summary>
public sealed record SimulationReport
{
    public required string RunId { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int Agents { get; init; }

    public required double Rate { get; init; }

    public required double SubmittingSeconds { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required int Submitted { get; init; }

    public required int Merged { get; init; }

    public required int Offers { get; init; }

    public required int Declines { get; init; }

    public required int Assigned { get; init; }

    public required int Completed { get; init; }

    public required int Waiting { get; init; }

    public required int Disconnects { get; init; }

    public required int SubmitErrors { get; init; }

    public required double CompletedPerSecond { get; init; }

    public required Percentiles SubmitMs { get; init; }

    public required Percentiles OfferMs { get; init; }

    public required Percentiles WaitMs { get; init; }

    public required IReadOnlyList<string> Violations { get; init; }

    /// <summary>Contacts submitted but not seen completed when the run ended (the first 20), to look up their timelines.</summary>
    public IReadOnlyList<string> NotCompleted { get; init; } = [];

    /// <summary>Completed contacts per channel.</summary>
    public required IReadOnlyDictionary<string, int> CompletedByChannel { get; init; }

    /// <summary>The agents' replies: sent, refused, and per channel queued, delivered, failed.</summary>
    public required ReplyFigures Replies { get; init; }

    public bool InvariantsHeld => Violations.Count == 0;

    public static SimulationReport From(SimulationOptions options, SimulationTracker tracker, ReplyTracker replies, DateTimeOffset started, TimeSpan submitting, TimeSpan elapsed) => new()
    {
        Replies = ReplyFigures.Of(replies),
        RunId = options.RunId,
        NotCompleted = [.. tracker.Contacts.Where(c => c.Completed is null).Select(c => c.ContactId).Take(20)],
        Target = options.Target.ToString(),
        StartedAt = started,
        Agents = options.Agents,
        Rate = options.Rate,
        SubmittingSeconds = submitting.TotalSeconds,
        ElapsedSeconds = elapsed.TotalSeconds,
        Submitted = tracker.Submitted,
        Merged = tracker.Merged,
        Offers = tracker.Offers,
        Declines = tracker.Declines,
        Assigned = tracker.Assigned,
        Completed = tracker.Completed,
        Waiting = tracker.Waiting,
        Disconnects = tracker.Disconnects,
        SubmitErrors = tracker.SubmitErrors,
        CompletedPerSecond = tracker.Completed / Math.Max(elapsed.TotalSeconds, 0.001),
        SubmitMs = Percentiles.Of(tracker.SubmitLatency),
        OfferMs = Percentiles.Of(tracker.OfferLatency),
        WaitMs = Percentiles.Of(tracker.WaitTime),
        Violations = [.. tracker.Violations],
        CompletedByChannel = tracker.Contacts.Where(c => c.Completed is not null && c.Channel.Length > 0)
            .GroupBy(c => c.Channel).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
    };

    public string ToText()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"Routing simulation {RunId} against {Target}, started {StartedAt:u}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  agents {Agents}, arrival rate {Rate:F0}/s, submitting {SubmittingSeconds:F1} s, total {ElapsedSeconds:F1} s");
        b.AppendLine(CultureInfo.InvariantCulture, $"  contacts: submitted {Submitted} (+{Merged} merged into waiting contacts), offers {Offers}, declined {Declines}, assigned {Assigned}, completed {Completed}, still waiting {Waiting}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  completed by channel: {string.Join(", ", CompletedByChannel.Select(c => $"{c.Key} {c.Value}"))}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  throughput: {CompletedPerSecond:F0} contacts/s completed; desk drops {Disconnects}; submit errors {SubmitErrors}");
        if (Replies.Sent > 0)
        {
            b.Append(Replies.ToText());
        }

        b.AppendLine(CultureInfo.InvariantCulture, $"  submit latency      {SubmitMs}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  enqueue-to-offer    {OfferMs}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  waiting (to assign) {WaitMs}");
        if (InvariantsHeld)
        {
            b.AppendLine("  invariants: held (every contact assigned at most once at a time, none over capacity, none lost"
                + (Replies.Sent > 0 ? "; every queued reply delivered or failed once, on the channel the router named, and reported at the desk)" : ")"));
        }
        else
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"  INVARIANTS BROKEN ({Violations.Count}):");
            foreach (var violation in Violations.Take(20))
            {
                b.AppendLine("    " + violation);
            }
        }

        return b.ToString();
    }

    /// <summary>Writes report.txt, report.json and report.html (latency over time and its histogram, inline SVG).</summary>
    public void Write(string directory, SimulationTracker tracker)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.txt"), ToText());
        File.WriteAllText(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, SimulatorJsonContext.Default.SimulationReport));
        File.WriteAllText(Path.Combine(directory, "report.html"), ReportChart.Html(this, tracker.OfferTimeline(), tracker.OfferSeries.Select(s => s.Ms).ToList()));
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record Percentiles(int Count, double P50, double P90, double P99, double P999, double Max)
{
    public static Percentiles Of(LatencyRecorder recorder) =>
        new(recorder.Count, recorder.Percentile(50), recorder.Percentile(90), recorder.Percentile(99), recorder.Percentile(99.9), recorder.Percentile(100));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"n {Count,7}  p50 {P50,9:F2} ms  p90 {P90,9:F2} ms  p99 {P99,9:F2} ms  p99.9 {P999,9:F2} ms  max {Max,9:F2} ms");
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulationReport))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
