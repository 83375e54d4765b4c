namespace Routing.Crm.Tests;

public sealed class CustomerLookupTests
{
    [Fact]
    public async Task LookupAsync_SecondLookupWithinTtl_IsServedFromCache()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        using var outcomes = new LookupOutcomes(host.Services);
        var first = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        // Alice leaves the CRM; within the TTL the router still knows her.
        await host.Database.ExecuteAsync("DELETE FROM contact_points WHERE tenant_id = @Tenant", new { host.Tenant }).WaitAsync(Timeouts.Test);
        var second = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        var uncached = await host.Lookup.LookupAsync(host.Tenant, "email", "alice.martin@example.com", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal("cus-1001", first.CustomerId);
        Assert.Same(first, second);
        Assert.False(uncached.Known);
        Assert.Equal(["found", "cached", "unknown"], outcomes.All);
    }

    [Fact]
    public async Task LookupAsync_UnknownSenderWithinNegativeTtl_StaysUnknown()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:NegativeCacheTtl"] = "00:10:00",
        }).WaitAsync(Timeouts.Test);
        using var outcomes = new LookupOutcomes(host.Services);
        var before = await host.Lookup.LookupAsync(host.Tenant, "sms", "+447700900999", CancellationToken.None).WaitAsync(Timeouts.Test);

        await AddAliceAddressAsync(host, "sms", "+447700900999").WaitAsync(Timeouts.Test);
        var after = await host.Lookup.LookupAsync(host.Tenant, "sms", "+447700900999", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.False(before.Known);
        Assert.False(after.Known);
        Assert.Equal(["unknown", "cached"], outcomes.All);
    }

    [Fact]
    public async Task LookupAsync_NegativeTtlExpired_FindsTheNewCustomer()
    {
        var time = new MovableTime();
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:NegativeCacheTtl"] = "00:00:10",
        }, time).WaitAsync(Timeouts.Test);
        var before = await host.Lookup.LookupAsync(host.Tenant, "sms", "+447700900998", CancellationToken.None).WaitAsync(Timeouts.Test);
        await AddAliceAddressAsync(host, "sms", "+447700900998").WaitAsync(Timeouts.Test);

        time.Advance(TimeSpan.FromSeconds(9));
        var stillCached = await host.Lookup.LookupAsync(host.Tenant, "sms", "+447700900998", CancellationToken.None).WaitAsync(Timeouts.Test);
        time.Advance(TimeSpan.FromSeconds(2));
        var after = await host.Lookup.LookupAsync(host.Tenant, "sms", "+447700900998", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.False(before.Known);
        Assert.False(stillCached.Known);
        Assert.Equal("cus-1001", after.CustomerId);
    }

    [Fact]
    public async Task LookupAsync_CrmUnreachable_ReturnsPartialContextEveryTime()
    {
        using var scratch = new TempSqlite();
        var missing = Path.Combine(scratch.Folder, "no-such-folder", "crm.db");
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:ConnectionString"] = $"Data Source={missing};Mode=ReadOnly",
            ["Crm:ApplySchema"] = "false",
            ["Crm:SeedDemoData"] = "false",
        }).WaitAsync(Timeouts.Test);
        using var outcomes = new LookupOutcomes(host.Services);

        var first = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        var second = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(first.Partial);
        Assert.False(first.Known);
        Assert.True(second.Partial);
        Assert.Equal(["error", "error"], outcomes.All);
    }

    [Fact]
    public async Task LookupAsync_CrmFailedThenRecovered_FailureIsNotCached()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:ApplySchema"] = "false",
            ["Crm:SeedDemoData"] = "false",
        }).WaitAsync(Timeouts.Test);
        var failed = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        await host.Database.PrepareAsync(host.Tenant).WaitAsync(Timeouts.Test);
        var recovered = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(failed.Partial);
        Assert.False(recovered.Partial);
        Assert.Equal("cus-1001", recovered.CustomerId);
    }

    [Fact]
    public async Task LookupAsync_CallerAlreadyCancelled_ThrowsEvenWhenCached()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", new CancellationToken(canceled: true))).WaitAsync(Timeouts.Test);
    }

    private static Task<int> AddAliceAddressAsync(CrmTestHost host, string channel, string address) =>
        host.Database.ExecuteAsync(
            "INSERT INTO contact_points (tenant_id, channel, address, customer_id) VALUES (@Tenant, @Channel, @Address, 'cus-1001')",
            new { host.Tenant, Channel = channel, Address = address });
}
