using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Routing.Core.Telemetry;
using Routing.Server.Configuration;
using Routing.Server.Telemetry;

namespace Routing.Server.Hosting;

public static class TelemetryHostingExtensions
{
    /// <summary>The standard variable (or configuration key) that switches OTLP export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry: the "Routing" meter (with ASP.NET Core's and Kestrel's) to the Prometheus
    /// endpoint (Telemetry:Prometheus) and, when OTEL_EXPORTER_OTLP_ENDPOINT is set, over OTLP;
    /// spans of ASP.NET Core / gRPC requests, engine scripts and CRM work over OTLP.
    /// </summary>
    public static WebApplicationBuilder AddRoutingTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .Validate(o => o.QueueDepthInterval >= TimeSpan.FromMilliseconds(100), "Telemetry:QueueDepthInterval must be at least 100 ms, e.g. 00:00:10.")
            .Validate(o => string.IsNullOrEmpty(o.Prometheus.Url) || IsHttpUrl(o.Prometheus.Url),
                "Telemetry:Prometheus:Url must be an http:// address such as http://127.0.0.1:9464, or empty to switch the endpoint off.")
            .Validate(o => o.Prometheus.Path.StartsWith('/'), "Telemetry:Prometheus:Path must start with '/', e.g. /metrics.")
            .ValidateOnStart();

        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var prometheus = !string.IsNullOrWhiteSpace(telemetry.Prometheus.Url);
        var tracing = telemetry.Tracing ?? otlp;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "routing",
                serviceInstanceId: configuration[$"{RoutingOptions.SectionName}:Node"] is { Length: > 0 } node ? node : null))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RoutingMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (tracing)
        {
            otel.WithTracing(traces =>
            {
                traces.AddSource(RoutingActivities.SourceName);
                // Scrapes are served by their own listener but seen by the same instrumentation: not traced.
                traces.AddAspNetCoreInstrumentation(o => o.Filter = context => !prometheus || context.Request.Path != telemetry.Prometheus.Path);
                if (otlp)
                {
                    traces.AddOtlpExporter();
                }
            });
        }

        builder.Services.AddHostedService<QueueDepthSampler>();
        if (prometheus)
        {
            builder.Services.AddSingleton<PrometheusScrapeServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PrometheusScrapeServer>());
        }

        if (otlp)
        {
            builder.Services.AddHostedService(sp => new OtlpAnnouncement(sp.GetRequiredService<ILogger<OtlpAnnouncement>>(), configuration[OtlpEndpointKey]!));
        }

        return builder;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp;

    /// <summary>Says once at start where telemetry goes, so a silent collector is not a mystery.</summary>
    private sealed class OtlpAnnouncement(ILogger<OtlpAnnouncement> logger, string endpoint) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            TelemetryLog.OtlpExporting(logger, endpoint);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
