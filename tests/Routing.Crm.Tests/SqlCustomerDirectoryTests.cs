using Microsoft.Extensions.DependencyInjection;
using Routing.Core.Customers;

namespace Routing.Crm.Tests;

public sealed class SqlCustomerDirectoryTests
{
    [Fact]
    public async Task LookupAsync_EveryDemoContactPoint_FindsItsCustomer()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);

        foreach (var point in DemoData.ContactPoints)
        {
            var context = await host.Lookup.LookupAsync(host.Tenant, point.Channel, point.Address, CancellationToken.None).WaitAsync(Timeouts.Test);
            Assert.True(point.CustomerId == context.CustomerId, $"{point.Channel} {point.Address} should find {point.CustomerId}, found {context.CustomerId ?? "nobody"}");
            Assert.False(context.Partial);
        }
    }

    [Theory]
    [InlineData("chat", "alice.m")]
    [InlineData("email", "alice.martin@example.com")]
    [InlineData("voice", "+447700900101")]
    [InlineData("sms", "+447700900101")]
    [InlineData("whatsapp", "+447700900101")]
    public async Task LookupAsync_AliceOnAnyChannel_ReturnsFullContext(string channel, string address)
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);

        var alice = await host.Lookup.LookupAsync(host.Tenant, channel, address, CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(alice.Known);
        Assert.False(alice.Partial);
        Assert.Equal("cus-1001", alice.CustomerId);
        Assert.Equal("Alice Martin", alice.DisplayName);
        Assert.Equal("gold", alice.Tier);
        Assert.Equal("en", alice.Language);
        Assert.Equal("chat", alice.PreferredChannel);
        Assert.Equal(["chat", "email", "sms"], alice.ChannelOrder);
        Assert.Equal("Europe/London", alice.TimeZone);
        Assert.DoesNotContain("channel_order", alice.Attributes.Keys);
        Assert.Equal(
            new Dictionary<string, bool> { ["email"] = true, ["chat"] = true, ["sms"] = true, ["whatsapp"] = false },
            alice.ChannelConsent.OrderBy(c => c.Key).ToDictionary());
        var openCase = Assert.Single(alice.OpenCases);
        Assert.Equal("case-5001", openCase.CaseId);
        Assert.Equal("Router not shipped", openCase.Subject);
        Assert.Equal("open", openCase.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 15, 0, TimeSpan.Zero), openCase.OpenedAt);
        Assert.Equal("agent-ada", alice.PreferredAgentId);
        Assert.Equal("agent-bob", alice.LastAgentId);
        Assert.Equal("residential", alice.Attributes["segment"]);
        Assert.Equal("ACC-1001", alice.Attributes["account"]);
        Assert.Equal("London", alice.Attributes["city"]);
    }

    [Fact]
    public async Task LookupAsync_Bruno_ReturnsOnlyOpenCasesAndJsonAttributes()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);

        var bruno = await host.Lookup.LookupAsync(host.Tenant, "email", "bruno.leroy@example.fr", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal("cus-1002", bruno.CustomerId);
        Assert.Equal("Bruno Leroy", bruno.DisplayName);
        Assert.Equal("platinum", bruno.Tier);
        Assert.Equal("fr-CA", bruno.Language);
        var openCase = Assert.Single(bruno.OpenCases);
        Assert.Equal("case-5002", openCase.CaseId);
        Assert.Equal("pending", openCase.Status);
        Assert.False(bruno.ChannelConsent["sms"]);
        Assert.True(bruno.ChannelConsent["voice"]);
        Assert.Equal("true", bruno.Attributes["vip"]);
        Assert.Equal("agent-dee", bruno.LastAgentId);
        Assert.Equal("", bruno.PreferredAgentId);
        var byPhone = await host.Lookup.LookupAsync(host.Tenant, "voice", "+33612345678", CancellationToken.None).WaitAsync(Timeouts.Test);
        Assert.Equal("cus-1002", byPhone.CustomerId);
    }

    [Theory]
    [InlineData("email", "nobody@example.com")]
    [InlineData("sms", "alice.martin@example.com")]
    [InlineData("chat", "+447700900101")]
    public async Task LookupAsync_AddressUnknownOnChannel_ReturnsUnknown(string channel, string address)
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);

        var context = await host.Lookup.LookupAsync(host.Tenant, channel, address, CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Same(CustomerContext.Unknown, context);
        Assert.False(context.Known);
        Assert.False(context.Partial);
    }

    [Fact]
    public async Task LookupAsync_OtherTenant_DoesNotSeeTheCustomers()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var other = CrmTestHost.NewTenant();

        var unseeded = await host.Lookup.LookupAsync(other, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.False(unseeded.Known);

        // With its own copy of the demo data, each tenant sees only its own rows.
        await host.Database.PrepareAsync(other).WaitAsync(Timeouts.Test);
        await host.Database.ExecuteAsync(
            "UPDATE customers SET display_name = 'Alice (other tenant)' WHERE tenant_id = @Tenant AND customer_id = 'cus-1001'",
            new { Tenant = other }).WaitAsync(Timeouts.Test);
        var mine = await host.Directory.FindByAddressAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        var theirs = await host.Directory.FindByAddressAsync(other, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        Assert.Equal("Alice Martin", mine?.DisplayName);
        Assert.Equal("Alice (other tenant)", theirs?.DisplayName);
    }

    [Fact]
    public async Task StartAsync_DemoTenants_SeedsEachTenantsOwnCopyBesideTheDevelopmentTenant()
    {
        var (a, b) = (CrmTestHost.NewTenant(), CrmTestHost.NewTenant());
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?> { ["Crm:DemoTenants:0"] = a, ["Crm:DemoTenants:1"] = b }).WaitAsync(Timeouts.Test);

        var rows = await host.Database.QueryAsync<(string Tenant, long Customers)>(
            "SELECT tenant_id, count(*) FROM customers GROUP BY tenant_id ORDER BY tenant_id").WaitAsync(Timeouts.Test);

        Assert.Equal(new[] { a, b, host.Tenant }.Order(StringComparer.Ordinal), rows.Select(r => r.Tenant));
        Assert.All(rows, r => Assert.Equal(DemoData.Customers.Length, r.Customers));
    }

    [Fact]
    public async Task LookupAsync_SameAddressInTwoTenants_CacheAnswersEachTenantWithItsOwnCustomer()
    {
        var other = CrmTestHost.NewTenant();
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?> { ["Crm:DemoTenants:0"] = other }).WaitAsync(Timeouts.Test);
        await host.Database.ExecuteAsync(
            "UPDATE customers SET display_name = 'Alice (other tenant)' WHERE tenant_id = @Tenant AND customer_id = 'cus-1001'",
            new { Tenant = other }).WaitAsync(Timeouts.Test);

        var mine = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        var theirs = await host.Lookup.LookupAsync(other, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        var mineAgain = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal("Alice Martin", mine.DisplayName);
        Assert.Equal("Alice (other tenant)", theirs.DisplayName);
        Assert.Equal("Alice Martin", mineAgain.DisplayName);
        Assert.Equal(2, host.Services.GetRequiredService<CustomerContextCache>().Count);
    }

    [Fact]
    public async Task LookupAsync_FindCustomerOverridden_UsesTheSitesOwnTable()
    {
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:Queries:FindCustomer"] = """
                SELECT person_ref AS customer_id, full_name AS DisplayName, segment AS tier, 'pt-BR' AS language, region
                FROM crm_people
                WHERE org = @Tenant AND mobile = @Address
                """,
        }).WaitAsync(Timeouts.Test);
        await host.Database.ExecuteAsync("""
            CREATE TABLE crm_people (org TEXT, person_ref TEXT, full_name TEXT, segment TEXT, mobile TEXT, region TEXT);
            INSERT INTO crm_people VALUES (@Tenant, 'P-77', 'Zoe Quinn', 'vip', '+5511987654321', 'LATAM');
            """, new { host.Tenant }).WaitAsync(Timeouts.Test);

        var zoe = await host.Lookup.LookupAsync(host.Tenant, "whatsapp", "+5511987654321", CancellationToken.None).WaitAsync(Timeouts.Test);
        var alice = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal("P-77", zoe.CustomerId);
        Assert.Equal("Zoe Quinn", zoe.DisplayName);
        Assert.Equal("vip", zoe.Tier);
        Assert.Equal("pt-BR", zoe.Language);
        Assert.Equal("LATAM", zoe.Attributes["region"]);
        Assert.Empty(zoe.OpenCases);
        Assert.False(alice.Known);
    }
    [Fact]
    public async Task FindByAddressAsync_OnOneKeptConnection_SeesEveryWriteMadeMeanwhile()
    {
        // One slot: every lookup runs on the same kept connection and its prepared statements.
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?> { ["Crm:MaxConcurrency"] = "1" }).WaitAsync(Timeouts.Test);
        Task<CustomerContext?> FindAsync() => host.Directory.FindByAddressAsync(host.Tenant, "sms", "+447700900999", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Null(await FindAsync());

        await host.Database.ExecuteAsync("""
            INSERT INTO customers (tenant_id, customer_id, display_name) VALUES (@Tenant, 'cus-new', 'Nia New');
            INSERT INTO contact_points (tenant_id, channel, address, customer_id) VALUES (@Tenant, 'sms', '+447700900999', 'cus-new');
            INSERT INTO consents (tenant_id, customer_id, channel, opted_in, updated_at) VALUES (@Tenant, 'cus-new', 'sms', 1, '2026-11-27T00:00:00Z');
            """, new { host.Tenant });
        var added = await FindAsync();
        Assert.Equal(("cus-new", "Nia New", true), (added?.CustomerId, added?.DisplayName, added?.ChannelConsent["sms"]));

        await host.Database.ExecuteAsync("""
            UPDATE customers SET display_name = 'Nia Renamed' WHERE tenant_id = @Tenant AND customer_id = 'cus-new';
            UPDATE consents SET opted_in = 0 WHERE tenant_id = @Tenant AND customer_id = 'cus-new';
            """, new { host.Tenant });
        var changed = await FindAsync();
        Assert.Equal(("Nia Renamed", false), (changed?.DisplayName, changed?.ChannelConsent["sms"]));

        await host.Database.ExecuteAsync("DELETE FROM contact_points WHERE tenant_id = @Tenant AND customer_id = 'cus-new'", new { host.Tenant });
        Assert.Null(await FindAsync());
    }

    [Fact]
    public async Task FindByAddressAsync_AfterAStatementFailed_TheNextLookupAnswers()
    {
        // abs() of the smallest integer fails inside SQLite ("integer overflow") for one address only.
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:MaxConcurrency"] = "1",
            ["Crm:Queries:FindCustomer"] = """
                SELECT c.customer_id, c.display_name
                FROM contact_points p JOIN customers c ON c.tenant_id = p.tenant_id AND c.customer_id = p.customer_id
                WHERE p.tenant_id = @Tenant AND p.channel = @Channel
                  AND p.address = CASE WHEN @Address = 'boom' THEN abs(-9223372036854775807 - 1) ELSE @Address END
                """,
        }).WaitAsync(Timeouts.Test);

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(
            () => host.Directory.FindByAddressAsync(host.Tenant, "chat", "boom", CancellationToken.None)).WaitAsync(Timeouts.Test);
        var alice = await host.Directory.FindByAddressAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Equal("Alice Martin", alice?.DisplayName);
    }
}
