using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Routing.Server.Configuration;

namespace Routing.Server.Telemetry;

/// <summary>
/// Serves the Prometheus exposition of this node's meters on a Kestrel server of its own, apart
/// from the gRPC endpoints: those are HTTP/2 only (h2c), which scrapers do not speak, and they
/// require a credential. Nothing else is served here: no gRPC service, no authentication, no
/// other path.
/// </summary>
public sealed class PrometheusScrapeServer(MeterProvider meterProvider, IOptions<TelemetryOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address it listens on once started (the real port when configured with port 0).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var prometheus = options.Value.Prometheus;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(prometheus.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton(loggers);
        builder.Services.AddLogging();
        _app = builder.Build();
        _app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, prometheus.Path, configureBranchedPipeline: null, optionsName: null);
        _app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = address is null ? null : new Uri(new Uri(address), prometheus.Path);
        TelemetryLog.PrometheusListening(loggers.CreateLogger<PrometheusScrapeServer>(), Address?.ToString() ?? prometheus.Url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
