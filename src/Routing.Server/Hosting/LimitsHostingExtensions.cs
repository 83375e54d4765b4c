using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;
using Routing.Server.Security;

namespace Routing.Server.Hosting;

/// <summary>TLS (the server's certificate is Kestrel's; client certificates are <see cref="TlsOptions"/>) and the abuse limits.</summary>
public static class LimitsHostingExtensions
{
    public static WebApplicationBuilder AddRoutingLimits(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<LimitsOptions>()
            .Bind(configuration.GetSection(LimitsOptions.SectionName))
            .Validate(o => o.MaxWaitingContacts >= 0 && o.MaxWaitingContactsByQueue.Values.All(v => v >= 0), "Limits:MaxWaitingContacts and Limits:MaxWaitingContactsByQueue:{queue} must not be negative (0 = no limit).")
            .Validate(o => o.MaxDeskStreamsPerTenant >= 0, "Limits:MaxDeskStreamsPerTenant must not be negative (0 = no limit).")
            .Validate(o => o.DeskOutboxCapacity is >= 1 and <= 1_000_000, "Limits:DeskOutboxCapacity must be 1 to 1000000 messages.")
            .Validate(o => o.SlowDeskWriteTimeout >= TimeSpan.Zero, "Limits:SlowDeskWriteTimeout must not be negative, e.g. 00:00:05.")
            .ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => o.PermitsPerSecond >= 0 && o.Burst >= 0, "Security:RateLimits:PermitsPerSecond and Burst must not be negative (PermitsPerSecond 0 = off).")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
            {
                if (limits.Value.Enabled)
                {
                    CallerRateLimiter.Configure(limiter, limits.Value);
                }
            });

        builder.Services.AddOptions<TlsOptions>()
            .Bind(configuration.GetSection(TlsOptions.SectionName))
            .Validate(o => o.ValidatesClientCertificates == (o.ClientCertificateAuthority.Length > 0),
                "Security:Tls: ClientCertificateMode AllowCertificate or RequireCertificate needs ClientCertificateAuthority (a PEM file of the CA), and a ClientCertificateAuthority needs one of those modes.")
            .Validate(o => o.ClientCertificateAuthority.Length == 0 || File.Exists(o.ClientCertificateAuthority),
                "Security:Tls:ClientCertificateAuthority: the file does not exist.")
            .Validate(o => o.ClientCertificateMode != ClientCertificateMode.RequireCertificate || !PlaintextAddresses(configuration).Any(),
                "Security:Tls:ClientCertificateMode RequireCertificate with a plaintext (http://) endpoint would let clients around it: serve https only.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            var tls = kestrel.ApplicationServices.GetRequiredService<IOptions<TlsOptions>>().Value;
            https.ClientCertificateMode = tls.ClientCertificateMode;
            if (tls.ValidatesClientCertificates)
            {
                var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<ClientCertificateValidator>();
                https.ClientCertificateValidation = new ClientCertificateValidator(tls.ClientCertificateAuthority, logger).Validate;
            }
        }));
        return builder;
    }

    /// <summary>Rate limits, when on. Runs after authentication, so a call draws from its credential's bucket.</summary>
    public static WebApplication UseRoutingRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>The http:// addresses the server would listen on: Kestrel's endpoints when configured (they win over Urls), else Urls, else the default.</summary>
    private static IEnumerable<string> PlaintextAddresses(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? "").ToList();
        var addresses = endpoints.Count > 0 ? endpoints : (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return (addresses.Count > 0 ? addresses : [ServerHostingExtensions.DefaultUrl]).Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
    }
}
