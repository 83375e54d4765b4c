using System.Text.Json;
using System.Text.Json.Serialization;

namespace Routing.Simulator;

/// <summary>An ingest run as JSON (<c>ingest --json FILE</c>): what was called, how hard, and what came of it.</summary>
public sealed record IngestLoadReport(
    string Tool,
    string Call,
    string Target,
    int Count,
    int Concurrency,
    double MaxDurationSeconds,
    int Accepted,
    int Errors,
    double ElapsedSeconds,
    double PerSecond,
    double P50Ms,
    double P99Ms,
    double P999Ms)
{
    public static IngestLoadReport Of(IngestLoadOptions options, IngestLoadResult result) => new(
        "Routing.Simulator ingest",
        options.Echo ? "routing.v1.Diagnostics.Echo" : options.Stream ? "routing.v1.ContactIngest.SubmitStream" : "routing.v1.ContactIngest.Submit",
        options.Target.ToString(),
        options.Count,
        options.Concurrency,
        options.Duration.TotalSeconds,
        result.Accepted,
        result.Errors,
        result.Elapsed.TotalSeconds,
        result.PerSecond,
        result.P50Ms,
        result.P99Ms,
        result.P999Ms);

    public string ToJson() => JsonSerializer.Serialize(this, IngestLoadReportJsonContext.Default.IngestLoadReport);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IngestLoadReport))]
internal sealed partial class IngestLoadReportJsonContext : JsonSerializerContext;
