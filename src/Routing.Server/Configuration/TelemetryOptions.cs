namespace Routing.Server.Configuration;

/// <summary>
/// "Telemetry": the Prometheus scrape endpoint, tracing, and how often queue depths are sampled.
/// OTLP export is configured by the standard OTEL_EXPORTER_OTLP_* variables.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public PrometheusEndpointOptions Prometheus { get; set; } = new();

    /// <summary>
    /// Record spans (ASP.NET Core / gRPC, engine scripts, CRM). On by itself when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set; off otherwise, as nothing would read them.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>How often each tenant's queue depths are read from Redis for the routing.queue.depth gauge.</summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(10);
}
