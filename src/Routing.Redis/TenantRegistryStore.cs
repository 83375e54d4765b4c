using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// The registry of active tenants in Redis (<see cref="RoutingKeys.TenantRegistry"/>): one set that
/// only grows. Registering is one SADD; readers poll its size (O(1)) and read its members only when
/// it changed, so a node learns a tenant another node registered without scanning any key.
/// </summary>
public sealed class TenantRegistryStore(IConnectionMultiplexer redis)
{
    /// <summary>Adds <paramref name="tenant"/>; true when it was not registered yet.</summary>
    public Task<bool> RegisterAsync(string tenant)
    {
        if (!RoutingKeys.IsValidTenant(tenant))
        {
            throw new ArgumentException($"Tenant '{tenant}' must be 1-64 characters of a-z, 0-9, '-' or '_'.", nameof(tenant));
        }

        return redis.GetDatabase().SetAddAsync(RoutingKeys.TenantRegistry, tenant);
    }

    public Task<long> CountAsync() => redis.GetDatabase().SetLengthAsync(RoutingKeys.TenantRegistry);

    /// <summary>Every registered tenant; entries that are not valid tenant names (written by hand) are skipped.</summary>
    public async Task<IReadOnlyList<string>> ReadAllAsync()
    {
        var members = await redis.GetDatabase().SetMembersAsync(RoutingKeys.TenantRegistry).ConfigureAwait(false);
        return [.. members.Select(m => (string?)m).Where(RoutingKeys.IsValidTenant).Select(m => m!)];
    }
}
