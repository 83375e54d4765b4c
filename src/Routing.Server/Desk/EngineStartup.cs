using Microsoft.Extensions.Options;
using Routing.Server.Configuration;
using Routing.Server.Tenants;

namespace Routing.Server.Desk;

/// <summary>
/// Activates the tenants named in configuration (<see cref="RoutingOptions.Tenants"/>: registered,
/// their queue strategies published) and reads the registry of active tenants once, so the
/// background loops serve every tenant from their first round. Redis being down does not stop
/// start-up: the tenants are then activated by their first call and learned by the sweeper.
/// </summary>
public sealed class EngineStartup(ActiveTenants tenants, IOptions<RoutingOptions> routing, ILogger<EngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var tenant in routing.Value.Tenants)
            {
                await tenants.EnsureAsync(tenant, cancellationToken).ConfigureAwait(false);
            }

            await tenants.RefreshAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Any exception: StackExchange.Redis throws more than RedisException while it connects.
            DeskLog.StrategiesNotPublished(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
