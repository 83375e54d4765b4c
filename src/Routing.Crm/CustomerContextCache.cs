using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>
/// Customer contexts recently read from the CRM, by (tenant, channel, address), and the addresses
/// of customers, by (tenant, customer id). The CRM's own cache, bounded by
/// <see cref="CrmOptions.CacheSizeLimit"/> entries, so it never competes with or evicts anything
/// the host keeps in a shared memory cache.
/// </summary>
/// <remarks>
/// An erasure on this node forgets what it erased at once (<see cref="ForgetCustomer"/>). A read
/// that was already on its way to the CRM when an erasure happened must not put the erased data
/// back: callers take <see cref="Erasures"/> before they read and pass it to the Set methods, which
/// keep nothing when an erasure happened in between (erasures are rare; a skipped entry costs one
/// more CRM read).
/// </remarks>
public sealed class CustomerContextCache : IDisposable
{
    private readonly MemoryCache _cache;
    private long _erasures;

    /// <param name="time">The clock the TTLs run on (the host's <see cref="TimeProvider"/>, so tests can move it).</param>
    public CustomerContextCache(IOptions<CrmOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CacheSizeLimit, Clock = new Clock(time) });
    }

    public int Count => _cache.Count;

    /// <summary>How many erasures this node has applied; take it before a CRM read, pass it to Set.</summary>
    public long Erasures => Interlocked.Read(ref _erasures);

    public bool TryGet(string tenant, string channel, string address, [NotNullWhen(true)] out CustomerContext? context) =>
        _cache.TryGetValue(new Key(tenant, channel, address), out context) && context is not null;

    /// <summary>
    /// Keeps <paramref name="context"/> for <paramref name="ttl"/>; a zero TTL keeps nothing, nor does
    /// an erasure since <paramref name="erasuresSeen"/> (<see cref="Erasures"/> before the read).
    /// </summary>
    public void Set(string tenant, string channel, string address, CustomerContext context, TimeSpan ttl, long erasuresSeen)
    {
        if (ttl <= TimeSpan.Zero || erasuresSeen != Erasures)
        {
            return;
        }

        // Size 1 per entry makes SizeLimit a count of entries.
        _cache.Set(new Key(tenant, channel, address), context, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });
    }

    /// <summary>Forgets one sender, e.g. when the CRM says the customer changed.</summary>
    public void Remove(string tenant, string channel, string address) => _cache.Remove(new Key(tenant, channel, address));

    public bool TryGetAddresses(string tenant, string customerId, [NotNullWhen(true)] out IReadOnlyList<CustomerAddress>? addresses) =>
        _cache.TryGetValue(new AddressesKey(tenant, customerId), out addresses) && addresses is not null;

    /// <summary>Keeps a customer's addresses, under the same rules as <see cref="Set"/>.</summary>
    public void SetAddresses(string tenant, string customerId, IReadOnlyList<CustomerAddress> addresses, TimeSpan ttl, long erasuresSeen)
    {
        if (ttl <= TimeSpan.Zero || erasuresSeen != Erasures)
        {
            return;
        }

        _cache.Set(new AddressesKey(tenant, customerId), addresses, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });
    }

    /// <summary>
    /// Forgets an erased customer on this node: their addresses and the contexts cached for
    /// <paramref name="addresses"/>. Other nodes forget them when their entries expire (Crm:CacheTtl).
    /// </summary>
    public void ForgetCustomer(string tenant, string? customerId, IEnumerable<CustomerAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);

        // First, so a read that started before the erasure and ends after it keeps nothing.
        Interlocked.Increment(ref _erasures);
        if (customerId is not null)
        {
            _cache.Remove(new AddressesKey(tenant, customerId));
        }

        foreach (var address in addresses)
        {
            _cache.Remove(new Key(tenant, address.Channel, address.Address));
        }
    }

    public void Dispose() => _cache.Dispose();

    private sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }

    // The tenant is part of the key: a cache shared by tenants must never answer for another one.
    private readonly record struct Key(string Tenant, string Channel, string Address);

    private readonly record struct AddressesKey(string Tenant, string CustomerId);
}
