extern alias server;

using System.Text.RegularExpressions;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;
using ActiveTenants = server::Routing.Server.Tenants.ActiveTenants;

namespace Routing.Server.Tests;

/// <summary>
/// Many tenants per node: one host, one redis-server, callers of two tenants (their tenant from
/// their credential), and the node's background loops serving each.
/// </summary>
public sealed class MultiTenantTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task OneNode_TwoTenantsWithSameAgentQueueAndAddress_EachContactReachesOnlyItsTenantsAgent_AndItsTenantsCrmRows()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        await using var host = await StartAsync(DeskTestKit.FastEngine(), "node-1", a, b);
        await SqlAsync(host.CrmDatabase, "UPDATE customers SET display_name = 'Alice of B' WHERE tenant_id = $tenant AND customer_id = 'cus-1001'", b);
        using var channelA = TenantCaller.ChannelFor(host.Address, a);
        using var channelB = TenantCaller.ChannelFor(host.Address, b);
        await using var adaA = await DeskClient.ConnectAsync(channelA, "ada");
        await using var adaB = await DeskClient.ConnectAsync(channelB, "ada");
        var contact = new InboundContact { Channel = "chat", ExternalId = "same-" + a, From = "alice.m", Text = "Where is my refund?" };

        var receiptA = await SubmitAsync(channelA, contact);
        var offerA = await adaA.NextOfferAsync();
        Assert.True(await adaB.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)), "B's ada was offered A's contact");
        var receiptB = await SubmitAsync(channelB, contact);
        var offerB = await adaB.NextOfferAsync();
        Assert.True(await adaA.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)), "A's ada was offered B's contact");

        Assert.False(receiptB.Duplicate, "the same channel and external id in another tenant is another contact");
        Assert.NotEqual(receiptA.ContactId, receiptB.ContactId);
        Assert.Equal((receiptA.ContactId, "Alice Martin"), (offerA.Contact.ContactId, offerA.Contact.Customer.DisplayName));
        Assert.Equal((receiptB.ContactId, "Alice of B"), (offerB.Contact.ContactId, offerB.Contact.Customer.DisplayName));
        Assert.Equal(ContactState.Assigned, (await adaA.AcceptAsync(offerA.OfferId)).Assigned.Assignment.Contact.State);
        Assert.Equal(ContactState.Assigned, (await adaB.AcceptAsync(offerB.OfferId)).Assigned.Assignment.Contact.State);
        await adaA.CompleteAsync(receiptA.ContactId, "refund sent");
        await adaB.CompleteAsync(receiptB.ContactId, "escalated");

        // The one write-back worker writes each tenant's completion under that tenant.
        string[] expected = [$"{a}|{receiptA.ContactId}|ada|refund sent|cus-1001", $"{b}|{receiptB.ContactId}|ada|escalated|cus-1001"];
        await Eventually.TrueAsync(async () => (await InteractionsAsync(host.CrmDatabase, a, b)).Count == 2, TestTimeout.Short, "both interactions written back");
        Assert.Equal(expected.Order(StringComparer.Ordinal), await InteractionsAsync(host.CrmDatabase, a, b));
    }

    [Fact]
    public async Task Cancel_AnotherTenantsContact_ByIdOrExternalId_IsNotFound_AndTheContactStaysQueued()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        await using var host = await StartAsync(DeskTestKit.FastEngine(), "node-1", a, b);
        using var channelA = TenantCaller.ChannelFor(host.Address, a);
        using var channelB = TenantCaller.ChannelFor(host.Address, b);
        var contact = DeskTestKit.NewCustomer("email");
        var receipt = await SubmitAsync(channelA, contact);
        var ingestB = new ContactIngest.ContactIngestClient(channelB);

        var byId = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => ingestB.CancelAsync(new CancelRequest { ContactId = receipt.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short));
        var byExternal = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => ingestB.CancelAsync(
            new CancelRequest { External = new ExternalReference { Channel = "email", ExternalId = contact.ExternalId } }).ResponseAsync.WaitAsync(TestTimeout.Short));

        Assert.Equal((Grpc.Core.StatusCode.NotFound, Grpc.Core.StatusCode.NotFound), (byId.StatusCode, byExternal.StatusCode));
        Assert.Equal(ContactStates.Queued, (string?)await redis.Connection.GetDatabase().HashGetAsync(new RoutingKeys(a).Contact(receipt.ContactId), "state"));
    }

    [Fact]
    public async Task OneNode_OffersOfTwoTenants_EachExpiresThroughTheNodesSweeper()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        await using var host = await StartAsync(DeskTestKit.FastEngine(("Engine:OfferTimeout", "00:00:00.500")), "node-1", a, b);
        using var channelA = TenantCaller.ChannelFor(host.Address, a);
        using var channelB = TenantCaller.ChannelFor(host.Address, b);
        await using var adaA = await DeskClient.ConnectAsync(channelA, "ada");
        await using var adaB = await DeskClient.ConnectAsync(channelB, "ada");

        var receiptA = await SubmitAsync(channelA, DeskTestKit.NewCustomer("chat"));
        var receiptB = await SubmitAsync(channelB, DeskTestKit.NewCustomer("chat"));
        var offerA = await adaA.NextOfferAsync();
        var offerB = await adaB.NextOfferAsync();
        var revokedA = (await adaA.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;
        var revokedB = (await adaB.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;

        Assert.Equal((offerA.OfferId, receiptA.ContactId, RevokeReason.Expired), (revokedA.OfferId, revokedA.ContactId, revokedA.Reason));
        Assert.Equal((offerB.OfferId, receiptB.ContactId, RevokeReason.Expired), (revokedB.OfferId, revokedB.ContactId, revokedB.Reason));
    }

    [Fact]
    public async Task OneNode_OneTenantsSweepFailsEveryRound_TheOtherTenantsOffersStillExpire_AndTheOutageIsLoggedOnce()
    {
        var (broken, b) = (TestTenant.New(), TestTenant.New());
        var db = redis.Connection.GetDatabase();
        // The broken tenant's offer-expiry set is not a sorted set: its sweep script fails on every round.
        await db.StringSetAsync(new RoutingKeys(broken).OfferExpiries, "not a sorted set");
        await db.SetAddAsync(RoutingKeys.TenantRegistry, broken);
        var logs = new LogCapture();
        var settings = DeskTestKit.FastEngine(("Engine:OfferTimeout", "00:00:00.500"));
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, TenantCaller.AddGatewayKeys(new Dictionary<string, string?>(settings), b), node: "node-1", logs: logs);
        using var channel = TenantCaller.ChannelFor(host.Address, b);
        await using var ada = await DeskClient.ConnectAsync(channel, "ada");

        var receipt = await SubmitAsync(channel, DeskTestKit.NewCustomer("chat"));
        var offer = await ada.NextOfferAsync();
        var revoked = (await ada.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;

        Assert.Equal((offer.OfferId, receipt.ContactId, RevokeReason.Expired), (revoked.OfferId, revoked.ContactId, revoked.Reason));
        var sweeper = logs.Entries.Where(e => e.Message.StartsWith("Background loop sweeper ", StringComparison.Ordinal)).ToList();
        Assert.Equal([5020], sweeper.Select(e => e.EventId.Id));
        Assert.Contains("WRONGTYPE", sweeper[0].Exception?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsFirstServedByNodeA_AreSweptByNodeB_WhenNodeAStops()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        var settings = DeskTestKit.FastEngine(("Engine:ReconnectGrace", "00:00:00.500"));
        var nodeA = await StartAsync(settings, "node-a", a, b);
        await using var nodeB = await StartAsync(settings, "node-b", a, b);
        using var channelA = TenantCaller.ChannelFor(nodeA.Address, a);
        using var channelB = TenantCaller.ChannelFor(nodeA.Address, b);
        var (contacts, desks) = await EachTakesOneAsync(channelA, channelB);

        await nodeA.DisposeAsync();
        foreach (var desk in desks)
        {
            await desk.DisposeAsync();
        }

        // No call of either tenant ever reached node B: it learned them from the registry, and its
        // sweeper returned ada's assignments to the queue when her reconnect grace ran out.
        var store = new ContactQueueStore(redis.Connection, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings());
        foreach (var (tenant, contactId) in contacts)
        {
            await Eventually.TrueAsync(
                async () => (await store.GetTimelineAsync(tenant, contactId, CancellationToken.None)).Any(t => t.Kind == "returned" && t.Node == "node-b"),
                TestTimeout.Short,
                $"node B did not return tenant {tenant}'s work");
        }

        foreach (var (tenant, contactId) in contacts)
        {
            using var channel = TenantCaller.ChannelFor(nodeB.Address, tenant);
            await using var bob = await DeskClient.ConnectAsync(channel, "bob");
            Assert.Equal(contactId, (await bob.NextOfferAsync()).Contact.ContactId);
        }
    }

    [Fact]
    public async Task TenantsFirstServedByNodeA_NodeACutOffFromRedis_NodeBDeclaresItDeadInEachTenantAndRecoversTheirWork()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        var faults = new FaultyConnection();
        var settings = DeskTestKit.FastEngine(("Engine:ReconnectGrace", "00:05:00"));
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, TenantCaller.AddGatewayKeys(new Dictionary<string, string?>(settings), a, b), node: "node-a", configure: builder =>
        {
            var real = builder.Services.Single(d => d.ServiceType == typeof(IConnectionMultiplexer));
            builder.Services.Remove(real);
            builder.Services.AddSingleton(sp => faults.Wrap((IConnectionMultiplexer)real.ImplementationFactory!(sp)));
        });
        await using var nodeB = await StartAsync(settings, "node-b");
        using var channelA = TenantCaller.ChannelFor(nodeA.Address, a);
        using var channelB = TenantCaller.ChannelFor(nodeA.Address, b);
        var (contacts, desks) = await EachTakesOneAsync(channelA, channelB);

        // Node A stops heartbeating (its desks stay connected, so no reconnect grace applies): after the
        // node timeout, node B, which never served either tenant, declares it dead in each and sends its work back.
        faults.Broken = true;
        var store = new ContactQueueStore(redis.Connection, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings());
        foreach (var (tenant, contactId) in contacts)
        {
            await Eventually.TrueAsync(
                async () => (await store.GetTimelineAsync(tenant, contactId, CancellationToken.None)).Any(t => t.Kind == "returned" && t.Node == "node-b"),
                TestTimeout.Short,
                $"node B did not recover tenant {tenant}'s work");
        }

        Assert.All(desks, d => Assert.Null(d.EndStatus));
        faults.Broken = false;
        foreach (var desk in desks)
        {
            await desk.DisposeAsync();
        }
    }

    [Fact]
    public async Task Registry_TenantRegisteredOnOneNode_IsLearnedByAnother_Among10000UnrelatedKeys_WithoutScanningKeys()
    {
        var db = redis.Connection.GetDatabase();
        var batch = db.CreateBatch();
        var writes = Enumerable.Range(0, 10_000).Select(i => batch.StringSetAsync($"unrelated:{i}", i)).ToList();
        batch.Execute();
        await Task.WhenAll(writes).WaitAsync(TestTimeout.Short);
        var tenant = TestTenant.New();
        var scansBefore = await KeyScansAsync(db);
        await using var nodeA = await StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), "node-a", tenant);
        await using var nodeB = await StartAsync(DeskTestKit.FastEngine(), "node-b");
        var learnedByB = nodeB.Services.GetRequiredService<ActiveTenants>();
        Assert.DoesNotContain(tenant, learnedByB.All);

        using var channel = TenantCaller.ChannelFor(nodeA.Address, tenant);
        await SubmitAsync(channel, DeskTestKit.NewCustomer("chat"));

        Assert.True(await db.SetContainsAsync(RoutingKeys.TenantRegistry, tenant));
        await Eventually.TrueAsync(() => Task.FromResult(learnedByB.All.Contains(tenant)), TestTimeout.Short, "node B never learned the tenant");
        Assert.Equal(scansBefore, await KeyScansAsync(db));
    }

    [Fact]
    public async Task Start_ConfiguredTenants_AreRegisteredAndGetTheQueueStrategiesBeforeAnyCall()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        var settings = DeskTestKit.FastEngine(("Routing:Tenants:0", a), ("Routing:Tenants:1", b), ("Engine:QueueStrategies:general", "most_skilled"));
        await using var host = await StartAsync(settings, "node-1");
        var db = redis.Connection.GetDatabase();

        Assert.All(new[] { a, b }, t => Assert.Contains(t, host.Services.GetRequiredService<ActiveTenants>().All));
        foreach (var tenant in new[] { a, b })
        {
            Assert.True(await db.SetContainsAsync(RoutingKeys.TenantRegistry, tenant));
            Assert.Equal("most_skilled", (string?)await db.HashGetAsync(new RoutingKeys(tenant).QueueStrategies, "general"));
        }
    }

    [Fact]
    public async Task Registry_LostByRedis_TheNodeRegistersItsTenantsAgain()
    {
        var tenant = TestTenant.New();
        await using var host = await StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), "node-1", tenant);
        using var channel = TenantCaller.ChannelFor(host.Address, tenant);
        await SubmitAsync(channel, DeskTestKit.NewCustomer("chat"));
        var db = redis.Connection.GetDatabase();
        Assert.True(await db.SetContainsAsync(RoutingKeys.TenantRegistry, tenant));

        // As if Redis restarted without its data: the node still remembers it activated the tenant.
        await db.KeyDeleteAsync(RoutingKeys.TenantRegistry);

        await Eventually.TrueAsync(() => db.SetContainsAsync(RoutingKeys.TenantRegistry, tenant), TestTimeout.Short, "the tenant was not registered again");
    }

    /// <summary>A router that holds gateway keys and the demo customers for <paramref name="tenants"/>.</summary>
    internal static Task<RoutingServerHost> StartAsync(string redisConnectionString, Dictionary<string, string?> settings, string node, params string[] tenants)
    {
        for (var i = 0; i < tenants.Length; i++)
        {
            settings[$"Crm:DemoTenants:{i}"] = tenants[i];
        }

        return RoutingServerHost.StartAsync(redisConnectionString, TenantCaller.AddGatewayKeys(settings, tenants), node: node);
    }

    internal static async Task<ContactReceipt> SubmitAsync(GrpcChannel channel, InboundContact contact) =>
        (await new ContactIngest.ContactIngestClient(channel).SubmitAsync(new SubmitRequest { Contact = contact }).ResponseAsync.WaitAsync(TestTimeout.Short)).Receipt;

    private Task<RoutingServerHost> StartAsync(Dictionary<string, string?> settings, string node, string a, string b) =>
        StartAsync(redis.ConnectionString, settings, node, a, b);

    private Task<RoutingServerHost> StartAsync(Dictionary<string, string?> settings, string node) =>
        StartAsync(redis.ConnectionString, settings, node);

    /// <summary>For each tenant's caller, its agent "ada" connects and takes one new e-mail contact of that tenant.</summary>
    private static async Task<(Dictionary<string, string> Contacts, List<DeskClient> Desks)> EachTakesOneAsync(params TenantCaller[] callers)
    {
        var contacts = new Dictionary<string, string>();
        var desks = new List<DeskClient>();
        foreach (var caller in callers)
        {
            var desk = await DeskClient.ConnectAsync(caller, "ada");
            desks.Add(desk);
            var receipt = await SubmitAsync(caller, DeskTestKit.NewCustomer("email"));
            Assert.Equal(receipt.ContactId, (await desk.TakeNextAsync()).Contact.ContactId);
            contacts[caller.Credentials.Tenant] = receipt.ContactId;
        }

        return (contacts, desks);
    }

    private static async Task SqlAsync(string database, string sql, string tenant)
    {
        await using var crm = new SqliteConnection($"Data Source={database}");
        await crm.OpenAsync();
        using var command = crm.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenant);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<List<string>> InteractionsAsync(string database, string a, string b)
    {
        await using var crm = new SqliteConnection($"Data Source={database}");
        await crm.OpenAsync();
        using var command = crm.CreateCommand();
        command.CommandText = """
            SELECT tenant_id || '|' || contact_id || '|' || agent_id || '|' || disposition || '|' || customer_id
            FROM interactions WHERE tenant_id IN ($a, $b) ORDER BY 1
            """;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>How many SCAN and KEYS commands the server has run (INFO commandstats).</summary>
    private static async Task<long> KeyScansAsync(IDatabase db)
    {
        var info = (string)(await db.ExecuteAsync("INFO", "commandstats"))!;
        return Regex.Matches(info, @"cmdstat_(?:scan|keys):calls=(\d+)").Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
