using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Connects to Redis (starting the embedded Garnet if that is the configuration), checks it
/// answers and loads the store's scripts before the server accepts traffic, so the first requests
/// do not pay for connecting and script compilation. A Redis that is down does not stop start-up:
/// it is logged and the multiplexer keeps reconnecting in the background.
/// </summary>
internal sealed class RedisWarmUp(IServiceProvider services, ILogger<RedisWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await Task.Run(() => (IConnectionMultiplexer)services.GetService(typeof(IConnectionMultiplexer))!, cancellationToken).ConfigureAwait(false);
        try
        {
            var latency = await multiplexer.GetDatabase().PingAsync().ConfigureAwait(false);
            foreach (var endpoint in multiplexer.GetEndPoints())
            {
                var server = multiplexer.GetServer(endpoint);
                if (!server.IsConnected || server.IsReplica)
                {
                    continue;
                }

                foreach (var script in LuaScripts.All)
                {
                    await server.ScriptLoadAsync(script.Text).ConfigureAwait(false);
                }
            }

            RedisLog.Ready(logger, multiplexer.Configuration, latency.TotalMilliseconds, LuaScripts.All.Count);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.NotReadyAtStart(logger, multiplexer.Configuration, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
