namespace Routing.Server.Configuration;

/// <summary>
/// "Telemetry:Prometheus": a plain HTTP/1.1 listener of its own for Prometheus scrapers (the gRPC
/// endpoints speak HTTP/2 only). It answers nothing but <see cref="Path"/>, without a credential:
/// the figures hold tenant, queue and channel names, never personal data. Empty
/// <see cref="Url"/> switches it off.
/// </summary>
public sealed class PrometheusEndpointOptions
{
    /// <summary>Where to listen, e.g. "http://127.0.0.1:9464" (loopback by default; port 0 picks a free one); empty = no endpoint.</summary>
    public string Url { get; set; } = "";

    public string Path { get; set; } = "/metrics";
}
