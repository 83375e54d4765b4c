using Microsoft.Extensions.DependencyInjection;
using Routing.Core.Customers;

namespace Routing.Crm.Tests;

public sealed class CustomerAddressesTests
{
    [Fact]
    public async Task FindAsync_WithinCacheTtl_IsServedFromMemoryThenReadAgain()
    {
        var time = new MovableTime();
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:CacheTtl"] = "00:00:30",
        }, time).WaitAsync(Timeouts.Test);
        var addresses = host.Services.GetRequiredService<CustomerAddresses>();
        var first = await addresses.FindAsync(host.Tenant, "cus-1001", CancellationToken.None).WaitAsync(Timeouts.Test);

        // A new address in the CRM: offers see it once the cached entry has expired, not before.
        await AddAliceAddressAsync(host, "social", "alice-social").WaitAsync(Timeouts.Test);
        time.Advance(TimeSpan.FromSeconds(29));
        var cached = await addresses.FindAsync(host.Tenant, "cus-1001", CancellationToken.None).WaitAsync(Timeouts.Test);
        time.Advance(TimeSpan.FromSeconds(2));
        var fresh = await addresses.FindAsync(host.Tenant, "cus-1001", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Contains(new CustomerAddress("chat", "alice.m"), first);
        Assert.Same(first, cached);
        Assert.DoesNotContain(new CustomerAddress("social", "alice-social"), cached);
        Assert.Contains(new CustomerAddress("social", "alice-social"), fresh);
        Assert.Equal(first.Count + 1, fresh.Count);
    }

    [Fact]
    public async Task FindAsync_CacheTtlZero_ReadsTheCrmEveryTime()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:CacheTtl"] = "00:00:00",
        }).WaitAsync(Timeouts.Test);
        var addresses = host.Services.GetRequiredService<CustomerAddresses>();
        var first = await addresses.FindAsync(host.Tenant, "cus-1001", CancellationToken.None).WaitAsync(Timeouts.Test);

        await AddAliceAddressAsync(host, "social", "alice-social").WaitAsync(Timeouts.Test);
        var second = await addresses.FindAsync(host.Tenant, "cus-1001", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal(first.Count + 1, second.Count);
    }

    [Fact]
    public async Task EraseAsync_CachedAddressesAndContext_AreForgottenOnThisNodeAtOnce()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:CacheTtl"] = "01:00:00",
            ["Crm:NegativeCacheTtl"] = "00:00:00",
        }).WaitAsync(Timeouts.Test);
        var addresses = host.Services.GetRequiredService<CustomerAddresses>();
        var privacy = host.Services.GetRequiredService<ICustomerPrivacy>();
        var before = await addresses.FindAsync(host.Tenant, "cus-1002", CancellationToken.None).WaitAsync(Timeouts.Test);
        var context = await host.Lookup.LookupAsync(host.Tenant, before[0].Channel, before[0].Address, CancellationToken.None).WaitAsync(Timeouts.Test);

        await privacy.EraseAsync(host.Tenant, "cus-1002", before, [], CancellationToken.None).WaitAsync(Timeouts.Test);
        var after = await addresses.FindAsync(host.Tenant, "cus-1002", CancellationToken.None).WaitAsync(Timeouts.Test);
        var contextAfter = await host.Lookup.LookupAsync(host.Tenant, before[0].Channel, before[0].Address, CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.NotEmpty(before);
        Assert.Equal("cus-1002", context.CustomerId);
        Assert.Empty(after);
        Assert.False(contextAfter.Known);
    }

    [Fact]
    public async Task SetAddresses_ErasureDuringTheRead_KeepsNothing()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:CacheTtl"] = "01:00:00",
        }).WaitAsync(Timeouts.Test);
        var cache = host.Services.GetRequiredService<CustomerContextCache>();
        var address = new CustomerAddress("chat", "bruno.l");

        // A read that began before an erasure and ends after it must not put the erased data back.
        var seen = cache.Erasures;
        cache.ForgetCustomer(host.Tenant, "cus-1002", [address]);
        cache.SetAddresses(host.Tenant, "cus-1002", [address], TimeSpan.FromHours(1), seen);
        cache.Set(host.Tenant, address.Channel, address.Address, new CustomerContext { CustomerId = "cus-1002" }, TimeSpan.FromHours(1), seen);

        Assert.False(cache.TryGetAddresses(host.Tenant, "cus-1002", out _));
        Assert.False(cache.TryGet(host.Tenant, address.Channel, address.Address, out _));

        // A read that began after it is kept as usual.
        cache.SetAddresses(host.Tenant, "cus-1002", [address], TimeSpan.FromHours(1), cache.Erasures);
        Assert.True(cache.TryGetAddresses(host.Tenant, "cus-1002", out var kept));
        Assert.Equal([address], kept);
    }

    private static Task<int> AddAliceAddressAsync(CrmTestHost host, string channel, string address) =>
        host.Database.ExecuteAsync(
            "INSERT INTO contact_points (tenant_id, channel, address, customer_id) VALUES (@Tenant, @Channel, @Address, 'cus-1001')",
            new { host.Tenant, Channel = channel, Address = address });
}
