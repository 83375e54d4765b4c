using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Routing.Redis;

public static class RedisHostingExtensions
{
    /// <summary>
    /// Adds the Redis store: one multiplexer for the process, connected to "Redis:ConnectionString",
    /// or to an embedded Garnet started on loopback when none is configured.
    /// </summary>
    public static IHostApplicationBuilder AddRoutingRedis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>()
            .Bind(builder.Configuration.GetSection(RedisOptions.SectionName))
            .Validate(o => o.IdempotencyWindow > TimeSpan.Zero, "Redis:IdempotencyWindow must be positive.")
            .Validate(o => o.Embedded.Port is >= 0 and <= 65535, "Redis:Embedded:Port must be 0 (any free port) or a TCP port.")
            .ValidateOnStart();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            return new EmbeddedGarnetHolder(options);
        });
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RedisHostingExtensions).FullName!);
            var connectionString = options.ConnectionString;
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var garnet = sp.GetRequiredService<EmbeddedGarnetHolder>().Start();
                connectionString = garnet.ConnectionString;
                RedisLog.EmbeddedGarnetStarted(logger, garnet.Port, options.Embedded.DataDirectory ?? "(in memory only)");
            }

            var configuration = ConfigurationOptions.Parse(connectionString);
            configuration.AbortOnConnectFail = false;
            // Retry every second while Redis is down (not an exponential back-off): every node is
            // back within about a second of Redis, which the node timeout (3 s) relies on.
            configuration.ReconnectRetryPolicy ??= new LinearRetry(1000);
            configuration.ClientName ??= "routing";
            // Complete Redis replies on the .NET thread pool rather than a dedicated one: fewer thread hops on small machines.
            configuration.SocketManager ??= SocketManager.ThreadPool;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.TryAddSingleton(new EngineSettingsSource(new EngineSettings()));
        builder.Services.AddSingleton<ContactQueueStore>();
        builder.Services.AddSingleton<RoutingEngineStore>();
        builder.Services.AddSingleton<QueueFiguresStore>();
        builder.Services.AddSingleton<CustomerDataStore>();
        builder.Services.AddSingleton<ContactHistoryStore>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<ConsentStore>();
        builder.Services.AddSingleton<TenantRegistryStore>();
        builder.Services.AddHostedService<RedisWarmUp>();
        return builder;
    }
}
