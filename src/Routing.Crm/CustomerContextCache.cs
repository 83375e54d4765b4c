using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>
/// Customer contexts recently read from the CRM, by (tenant, channel, address). The CRM's own
/// cache, bounded by <see cref="CrmOptions.CacheSizeLimit"/> entries, so it never competes with or
/// evicts anything the host keeps in a shared memory cache.
/// </summary>
public sealed class CustomerContextCache : IDisposable
{
    private readonly MemoryCache _cache;

    /// <param name="time">The clock the TTLs run on (the host's <see cref="TimeProvider"/>, so tests can move it).</param>
    public CustomerContextCache(IOptions<CrmOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CacheSizeLimit, Clock = new Clock(time) });
    }

    public int Count => _cache.Count;

    public bool TryGet(string tenant, string channel, string address, [NotNullWhen(true)] out CustomerContext? context) =>
        _cache.TryGetValue(new Key(tenant, channel, address), out context) && context is not null;

    /// <summary>Keeps <paramref name="context"/> for <paramref name="ttl"/>; a zero TTL keeps nothing.</summary>
    public void Set(string tenant, string channel, string address, CustomerContext context, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        // Size 1 per entry makes SizeLimit a count of entries.
        _cache.Set(new Key(tenant, channel, address), context, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });
    }

    /// <summary>Forgets one sender, e.g. when the CRM says the customer changed.</summary>
    public void Remove(string tenant, string channel, string address) => _cache.Remove(new Key(tenant, channel, address));

    public void Dispose() => _cache.Dispose();

    private sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }

    // The tenant is part of the key: a cache shared by tenants must never answer for another one.
    private readonly record struct Key(string Tenant, string Channel, string Address);
}
