using Microsoft.Extensions.Options;
using Routing.Redis;
using Routing.Server.Configuration;
using StackExchange.Redis;

namespace Routing.Server.Desk;

/// <summary>Publishes the configured selection strategy of each queue to Redis, where the matching scripts read it.</summary>
public sealed class EngineStartup(IConnectionMultiplexer redis, IOptions<RoutingOptions> routing, IOptions<EngineOptions> options, ILogger<EngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var strategies = options.Value.QueueStrategies;
        if (strategies.Count == 0)
        {
            return;
        }

        var keys = new RoutingKeys(routing.Value.Tenant);
        try
        {
            await redis.GetDatabase().HashSetAsync(keys.QueueStrategies, [.. strategies.Select(s => new HashEntry(s.Key, s.Value))]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            DeskLog.StrategiesNotPublished(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
