using System.Text.Json.Serialization;

namespace Routing.Benchmarks;

/// <summary>Source-generated JSON for <c>--json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(QueueDepthReport))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
