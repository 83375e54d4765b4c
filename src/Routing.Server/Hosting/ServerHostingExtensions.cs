using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Telemetry;
using Routing.Crm;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Consent;
using Routing.Server.DataProtection;
using Routing.Server.Desk;
using Routing.Server.Desk.Commands;
using Routing.Server.Grpc;
using Routing.Server.Hours;
using Routing.Server.Ingest;
using Routing.Server.Security;
using Routing.Server.Tenants;

namespace Routing.Server.Hosting;

public static class ServerHostingExtensions
{
    /// <summary>The address served when nothing else is configured: h2c on loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Adds the whole router: options, domain, Redis store, CRM store and the gRPC endpoints.</summary>
    public static WebApplicationBuilder AddRoutingServer(this WebApplicationBuilder builder)
    {
        var urls = builder.AddRoutingOptions();
        // The wallboard's listener too: development mode serves loopback only, on every listener.
        var wallboard = builder.Configuration["Wallboard:Url"];
        builder.AddRoutingSecurity(string.IsNullOrWhiteSpace(wallboard) ? urls : [.. urls, wallboard]);
        builder.AddRoutingDomain();
        builder.AddRoutingRedis();
        builder.AddRoutingCrm();
        builder.AddRoutingDesk();
        builder.AddRoutingDataProtection();
        builder.AddRoutingGrpc();
        builder.AddRoutingLimits();
        builder.AddRoutingTelemetry();
        builder.AddRoutingWallboard();
        builder.AddRoutingHours();
        builder.AddRoutingAgentStates();
        builder.AddRoutingConsent();
        builder.AddRoutingOutbound();
        builder.AddRoutingCallbacks();
        return builder;
    }

    public static WebApplication MapRoutingServer(this WebApplication app)
    {
        // The gateway keys are read now, so a missing or invalid key file stops the start, not the first call.
        app.Services.GetRequiredService<ApiKeyStore>();
        app.UseMiddleware<RoutingErrorTrailerMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();

        // After authentication, so each caller has its own bucket (keyed by tenant and subject).
        app.UseRoutingRateLimits();
        app.MapGrpcService<ContactIngestService>();
        app.MapGrpcService<AgentDeskService>();
        app.MapGrpcService<DiagnosticsService>();
        app.MapGrpcService<PrivacyService>();
        app.MapGrpcService<SupervisorService>();
        app.MapRoutingOutbound();

        // Load balancers and orchestrators probe health without credentials; it says nothing about data.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.ReflectionEnabled)
        {
            // Reflection describes the public contract only (what the protos say), so grpcurl and ghz may ask without a credential.
            app.MapGrpcReflectionService().AllowAnonymous();
        }

        return app;
    }

    /// <returns>The addresses the server will listen on (for development mode's loopback check).</returns>
    private static IReadOnlyList<string> AddRoutingOptions(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<RoutingOptions>()
            .Bind(configuration.GetSection(RoutingOptions.SectionName))
            .Validate(o => RoutingKeys.IsValidTenant(o.Tenant), "Routing:Tenant must be 1-64 characters of a-z, 0-9, '-' or '_'.")
            .Validate(o => o.Tenants.All(RoutingKeys.IsValidTenant), "Routing:Tenants: each tenant must be 1-64 characters of a-z, 0-9, '-' or '_'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Node), "Routing:Node must not be empty.")
            .Validate(o => o.ConfigurationVersion >= 0, "Routing:ConfigurationVersion must not be negative.")
            .Validate(o => o.PriorityWeight > TimeSpan.Zero, "Routing:PriorityWeight must be positive, e.g. 00:01:00.")
            .Validate(o => o.Threading.Window > TimeSpan.Zero, "Routing:Threading:Window must be positive, e.g. 1.00:00:00.")
            .Validate(o => o.TenantTimeZones.Values.Prepend(o.TimeZone).All(Supervisor.TenantTimeZones.IsKnown), "Routing:TimeZone and Routing:TenantTimeZones name time zones by IANA or Windows id, e.g. \"Europe/Paris\".")
            .ValidateOnStart();
        builder.Services.AddOptions<ChannelsOptions>()
            .Configure(o => configuration.GetSection(ChannelsOptions.SectionName).Bind(o.Channels))
            .Validate(o => o.Resolve().Any(), "Channels: at least one channel must be enabled.")
            .Validate(o => o.Channels.Keys.All(IsChannelName), "Channels: names are 1-32 characters of a-z, 0-9, '-' or '_'.")
            .ValidateOnStart();
        builder.Services.AddOptions<RulesOptions>()
            .Bind(configuration.GetSection(RulesOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>();
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .Validate(o => o.Contacts >= TimeSpan.FromSeconds(1) && o.Audit >= TimeSpan.FromSeconds(1), "Retention:Contacts and Retention:Audit must be at least one second, e.g. 30.00:00:00.")
            .ValidateOnStart();
        builder.Services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.SectionName))
            .Validate(o => o.MaxMessageBytes >= 4 * 1024, "Ingest:MaxMessageBytes must be at least 4096.")
            .Validate(o => o.StreamConcurrency is >= 1 and <= 4096, "Ingest:StreamConcurrency must be 1 to 4096.")
            .Validate(o => o.StreamBatchSize is >= 1 and <= 1024, "Ingest:StreamBatchSize must be 1 to 1024.")
            .Validate(o => o.StreamBatchDelay >= TimeSpan.Zero && o.StreamBatchDelay <= TimeSpan.FromSeconds(1), "Ingest:StreamBatchDelay must be 0 to 1 second, e.g. 00:00:00.001.")
            .Validate(o => o.Limits.MaxTextLength > 0 && o.Limits.MaxAttributes >= 0, "Ingest:Limits must be positive.")
            .Validate(o => o.Limits.DefaultCountryCode.All(char.IsAsciiDigit) && o.Limits.DefaultCountryCode.Length <= 3,
                "Ingest:Limits:DefaultCountryCode is a calling code of 1-3 digits without '+', e.g. \"44\", or empty.")
            .ValidateOnStart();

        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (string.IsNullOrEmpty(configuration["urls"]) && endpoints.Count == 0)
        {
            builder.WebHost.UseUrls(DefaultUrl);
            endpoints.Add(DefaultUrl);
        }

        // gRPC over cleartext needs HTTP/2 with prior knowledge; TLS endpoints may override per endpoint.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        return [.. (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. endpoints];
    }

    private static void AddRoutingDomain(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<RoutingMetrics>();
        builder.AddRoutingConfigurationReload();
        builder.Services.AddSingleton<ContactIngestor>();
        builder.Services.AddSingleton<SubmitStreamHandler>();
        builder.Services.AddSingleton<IngestAccess>();
    }

    private static void AddRoutingDesk(this WebApplicationBuilder builder)
    {
        var engine = builder.Configuration.GetSection(EngineOptions.SectionName);
        builder.Services.AddOptions<EngineSettings>()
            .Bind(engine)
            .Validate(o => o.OfferTimeout >= TimeSpan.FromMilliseconds(100), "Engine:OfferTimeout must be at least 100 ms, e.g. 00:00:30.")
            .Validate(o => o.DeclineCooldown >= TimeSpan.Zero && o.AffinityWait >= TimeSpan.Zero && o.PreferredAgentWait >= TimeSpan.Zero &&
                o.WrapUp >= TimeSpan.Zero && o.ReconnectGrace >= TimeSpan.Zero, "Engine: DeclineCooldown, AffinityWait, PreferredAgentWait, WrapUp and ReconnectGrace must not be negative.")
            .Validate(o => o.MaxConsecutiveExpiries >= 1, "Engine:MaxConsecutiveExpiries must be at least 1.")
            .Validate(o => o.ParallelContactWait >= TimeSpan.Zero, "Engine:ParallelContactWait must not be negative (zero turns bundling off).")
            .Validate(o => o.ScanLimit is >= 1 and <= 1_000, "Engine:ScanLimit must be 1 to 1000.")
            .ValidateOnStart();
        builder.Services.AddOptions<EngineOptions>()
            .Bind(engine)
            .Validate(o => o.HeartbeatInterval >= TimeSpan.FromMilliseconds(100) && o.HelloTimeout > TimeSpan.Zero, "Engine:HeartbeatInterval must be at least 100 ms and HelloTimeout positive.")
            .Validate(o => o.SweepInterval >= TimeSpan.FromMilliseconds(10) && o.NodeTimeout >= o.SweepInterval * 4,
                "Engine:SweepInterval must be at least 10 ms and Engine:NodeTimeout at least four sweep intervals.")
            .Validate(o => o.OfferResyncInterval >= TimeSpan.FromMilliseconds(100), "Engine:OfferResyncInterval must be at least 100 ms, e.g. 00:00:02.")
            .Validate(o => o.SweepBatch is >= 1 and <= 10_000 && o.OfferHistory is >= 0 and <= 200,
                "Engine: SweepBatch 1-10000, OfferHistory 0-200.")
            .Validate(o => o.DefaultTotalCapacity is >= 1 and <= DeskLimits.MaxTotal, "Engine:DefaultTotalCapacity must be 1 to 1000.")
            .Validate(o => o.QueueStrategies.Values.All(EngineOptions.Strategies.Contains),
                "Engine:QueueStrategies values must be one of: " + string.Join(", ", EngineOptions.Strategies) + ".")
            .ValidateOnStart();

        // What the scripts receive: the "Engine" timings plus the channels' own wrap-ups, ingest's priority weight and the contacts' retention.
        // Engine timings and channel wrap-ups reload without a restart (EngineSettingsReload).
        builder.Services.AddSingleton(sp => new EngineSettingsSource(EngineSettingsReload.Build(
            sp.GetRequiredService<IOptions<EngineSettings>>().Value,
            sp.GetRequiredService<IOptions<ChannelsOptions>>().Value,
            sp.GetRequiredService<IOptions<RoutingOptions>>().Value,
            sp.GetRequiredService<IOptions<RetentionOptions>>().Value)));
        builder.Services.AddSingleton<LastGoodOptionsFactory<EngineSettings>>();
        builder.Services.AddSingleton<IOptionsFactory<EngineSettings>>(sp => sp.GetRequiredService<LastGoodOptionsFactory<EngineSettings>>());
        builder.Services.AddHostedService<EngineSettingsReload>();
        builder.Services.AddSingleton<ActiveTenants>();
        builder.Services.AddSingleton<AgentSessionRegistry>();
        builder.Services.AddSingleton<EventDispatcher>();
        builder.Services.AddSingleton<IDeskEngine, RedisDeskEngine>();
        builder.Services.AddSingleton<HelloHandler>();
        builder.Services.AddSingleton<HeartbeatHandler>();
        builder.Services.AddSingleton<StatusHandler>();
        builder.Services.AddSingleton<AcceptHandler>();
        builder.Services.AddSingleton<DeclineHandler>();
        builder.Services.AddSingleton<CompleteHandler>();
        builder.Services.AddSingleton<TransferHandler>();
        builder.Services.AddSingleton<DeskCommands>();
        builder.Services.AddSingleton<DeskSessionRunner>();
        builder.Services.AddHostedService<EngineStartup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());
        builder.Services.AddHostedService<EngineSweeper>();
        builder.Services.AddHostedService<HeartbeatWatch>();
        builder.Services.AddHostedService<InteractionWriteBack>();
        builder.Services.AddSingleton<PendingOfferReader>();
        builder.Services.AddHostedService<OfferResync>();
        builder.Services.AddHostedService<DeskShutdown>();
    }

    private static void AddRoutingDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditRecorder>();
        builder.Services.AddSingleton<CustomerDataRights>();
        builder.Services.AddSingleton<Supervisor.ContactHistory>();
    }

    private static void AddRoutingGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantResolver>();
        builder.Services.AddSingleton<Supervisor.TenantTimeZones>();
        builder.Services.AddSingleton<Supervisor.QueueBoards>();
        builder.Services.AddSingleton<Supervisor.QueueGoals>();
        builder.Services.AddSingleton<Supervisor.QueueWatch>();
        builder.Services.AddSingleton<Supervisor.WaitEstimator>();
        builder.Services.AddOptions<Supervisor.SupervisorOptions>()
            .Bind(builder.Configuration.GetSection(Supervisor.SupervisorOptions.SectionName))
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(50) && o.PollInterval <= TimeSpan.FromSeconds(1), "Supervisor:PollInterval must be 00:00:00.05 to 00:00:01 (changes reach watchers within a second).")
            .Validate(o => o.SnapshotAfterMissedBoards >= 1, "Supervisor:SnapshotAfterMissedBoards must be at least 1.")
            .Validate(o => o.LongestWaitingContacts is >= 0 and <= 50, "Supervisor:LongestWaitingContacts must be 0 to 50.")
            .Validate(o => o.ServiceLevelGoalPercent is >= 0 and <= 100 && o.Queues.Values.All(q => q.ServiceLevelGoalPercent is null or (>= 0 and <= 100) && (q.ServiceLevelTarget is null || q.ServiceLevelTarget > TimeSpan.Zero)), "Supervisor:ServiceLevelGoalPercent (and each Supervisor:Queues:{queue}:ServiceLevelGoalPercent) must be 0 to 100, each ServiceLevelTarget positive.")
            .ValidateOnStart();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<RoutingExceptionInterceptor>();
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<IOptions<IngestOptions>>((grpc, ingest) => grpc.MaxReceiveMessageSize = ingest.Value.MaxMessageBytes);
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }

    private static bool IsChannelName(string name) =>
        name.Length is > 0 and <= 32 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
