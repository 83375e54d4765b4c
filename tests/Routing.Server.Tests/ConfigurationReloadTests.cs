using Grpc.Core;
using Microsoft.Extensions.Logging;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Configuration without a restart (issue 11 part 6) on real nodes sharing one Redis: the rules,
/// channels and queue strategies a reload brings are in force for the next contact; an invalid change
/// is refused with one error line and the old configuration kept; every node reports its version.
/// </summary>
public sealed class ConfigurationReloadTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly (string, string)[] BillingRule =
    [
        ("Routing:ConfigurationVersion", "1"),
        ("RoutingRules:Rules:0:Name", "billing"),
        ("RoutingRules:Rules:0:When:Intents:0", "billing"),
        ("RoutingRules:Rules:0:Queue", "billing"),
        ("RoutingRules:Rules:0:Priority", "30"),
    ];

    [Fact]
    public async Task Reload_RuleQueueChangedOnBothNodes_NextContactOnEachNodeGoesToTheNewQueue()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(BillingRule), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(BillingRule), tenant, "node-b");
        Assert.Equal("billing", (await SubmitAsync(nodeA, "chat", "before-a", "visitor-1", "billing")).Queue);

        foreach (var node in new[] { nodeA, nodeB })
        {
            node.Reconfigure(("RoutingRules:Rules:0:Queue", "billing-2"), ("Routing:ConfigurationVersion", "2"));
        }

        Assert.Equal(("billing-2", "billing"), ((await SubmitAsync(nodeA, "chat", "after-a", "visitor-2", "billing")).Queue, (await SubmitAsync(nodeA, "chat", "after-a-2", "visitor-3", "billing")).Rule));
        Assert.Equal("billing-2", (await SubmitAsync(nodeB, "chat", "after-b", "visitor-4", "billing")).Queue);
    }

    [Theory]
    [InlineData("RoutingRules:Rules:0:Queue", "", "RoutingRules:Rules:0 (billing): Queue is required")]
    [InlineData("Engine:QueueStrategies:billing", "fastest", "Engine:QueueStrategies")]
    [InlineData("RoutingRules:Rules:0:When:Channels:0", "telegram", "RoutingRules:Rules:0 (billing): When.Channels names 'telegram'")]
    public async Task Reload_InvalidChange_KeepsTheOldConfigurationAndLogsOneErrorNamingTheKey(string key, string value, string named)
    {
        var logs = new LogCapture();
        await using var node = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(BillingRule), logs: logs);

        node.Reconfigure((key, value), ("RoutingRules:Rules:0:Priority", "99"), ("Routing:ConfigurationVersion", "2"));

        var receipt = await SubmitAsync(node, "chat", "after", "visitor-1", "billing");
        Assert.Equal(("billing", 30), (receipt.Queue, receipt.Priority));
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 1, string.Join("\n", errors.Select(e => $"{e.Category} {e.EventId}: {e.Message} {e.Exception}")));
        var error = errors[0];
        Assert.Equal(9102, error.EventId.Id);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("keeps version 1", error.Message, StringComparison.Ordinal);
        var nodes = await EventuallyNodesAsync(node, n => n.Count == 1);
        Assert.Equal(1, nodes[0].ConfigurationVersion);
    }

    [Fact]
    public async Task Reload_ChannelDisabled_SubmitOnItIsRefusedAndTheOthersStillWork()
    {
        await using var node = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(BillingRule));
        await SubmitAsync(node, "sms", "before", "+447700900101");

        node.Reconfigure(("Channels:sms:Enabled", "false"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(node, "sms", "after", "+447700900101"));
        Assert.Equal((StatusCode.InvalidArgument, "contact.channel"), (ex.StatusCode, ex.Trailers.GetValue("routing-field")));
        Assert.Equal("general", (await SubmitAsync(node, "chat", "chat-after", "visitor-1")).Queue);
    }

    [Fact]
    public async Task Reload_OneChannelKeySet_KeepsTheRestOfTheBuiltInChannel()
    {
        await using var node = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(BillingRule));

        node.Reconfigure(("Channels:webform:WrapUp", "00:00:03"), ("Channels:email:WrapUp", "00:00:03"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(node, "webform", "form-1", "not-an-email"));
        Assert.Equal((StatusCode.InvalidArgument, "contact.from"), (ex.StatusCode, ex.Trailers.GetValue("routing-field")));
        Assert.Equal("cus-1001", (await SubmitAsync(node, "email", "mail-1", "Alice.Martin@Example.com")).CustomerId);
    }

    [Fact]
    public async Task ListNodes_TwoNodes_ShowEachOnesVersionAndTheNewVersionAfterAReload()
    {
        var tenant = TestTenant.New();
        var settings = DeskTestKit.FastEngine([.. BillingRule, ("Routing:Tenants:0", tenant)]);
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada", skills: ("general", 3, true));

        var before = await EventuallyNodesAsync(nodeB, n => n.Count == 2 && n.All(x => x.Alive) && n.Single(x => x.Node == "node-a").AgentsConnected == 1);
        Assert.Equal([("node-a", 1L), ("node-b", 1L)], before.Select(n => (n.Node, n.ConfigurationVersion)));
        Assert.Single(before.Select(n => n.ConfigurationHash).Distinct());

        nodeB.Reconfigure(("RoutingRules:Rules:0:Queue", "billing-2"), ("Routing:ConfigurationVersion", "2"));

        var after = await EventuallyNodesAsync(nodeA, n => n.Single(x => x.Node == "node-b").ConfigurationVersion == 2);
        Assert.Equal([("node-a", 1L), ("node-b", 2L)], after.Select(n => (n.Node, n.ConfigurationVersion)));
        Assert.NotEqual(after[0].ConfigurationHash, after[1].ConfigurationHash);
    }

    [Fact]
    public async Task Reload_EngineOfferTimeout_TheNextOfferExpiresByTheNewOne_AnInvalidOneIsRefusedAndLogged()
    {
        var logs = new LogCapture();
        await using var node = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(BillingRule), logs: logs);
        await using var ada = await DeskClient.ConnectAsync(node, "ada");

        await SubmitAsync(node, "chat", "before", "visitor-1");
        var before = await ada.NextOfferAsync();
        Assert.InRange((before.ExpiresAt.ToDateTimeOffset() - before.Contact.ReceivedAt.ToDateTimeOffset()).TotalSeconds, 30 - 2, 30 + 2);

        node.Reconfigure(("Engine:OfferTimeout", "00:00:45"));
        await Eventually.TrueAsync(() => Task.FromResult(logs.Entries.Any(e => e.EventId.Id == 9105)));
        await SubmitAsync(node, "sms", "after", "+447700900199");
        var after = await ada.NextOfferAsync();
        Assert.InRange((after.ExpiresAt.ToDateTimeOffset() - after.Contact.ReceivedAt.ToDateTimeOffset()).TotalSeconds, 45 - 2, 45 + 2);

        // Below the 100 ms minimum: refused with one error, the 45 s stay in force.
        node.Reconfigure(("Engine:OfferTimeout", "00:00:00.010"));
        await Eventually.TrueAsync(() => Task.FromResult(logs.Entries.Any(e => e.EventId.Id == 9106)));
        await SubmitAsync(node, "whatsapp", "invalid", "+447700900198");
        var kept = await ada.NextOfferAsync();
        Assert.InRange((kept.ExpiresAt.ToDateTimeOffset() - kept.Contact.ReceivedAt.ToDateTimeOffset()).TotalSeconds, 45 - 2, 45 + 2);
    }

    [Fact]
    public async Task ListNodes_ATenantNothingWasWrittenForYet_ListsTheNodeAtOnce()
    {
        var tenant = TestTenant.New();
        await using var node = await RoutingServerHost.StartAsync(redis.ConnectionString,
            DeskTestKit.FastEngine(("Routing:ConfigurationVersion", "3")), tenant, "node-quiet");

        var listed = await new Protos.V1.Supervisor.SupervisorClient(node.Channel)
            .ListNodesAsync(new ListNodesRequest(), node.Credentials.SupervisorHeaders()).ResponseAsync.WaitAsync(TestTimeout.Short);

        var self = Assert.Single(listed.Nodes);
        Assert.Equal(("node-quiet", 3L), (self.Node, self.ConfigurationVersion));
    }

    [Fact]
    public async Task ListNodes_AsAnAgent_IsPermissionDenied()
    {
        await using var node = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());

        var ex = await Assert.ThrowsAsync<RpcException>(() => new Protos.V1.Supervisor.SupervisorClient(node.Channel)
            .ListNodesAsync(new ListNodesRequest(), node.Credentials.AgentHeaders("ada")).ResponseAsync.WaitAsync(TestTimeout.Short));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Strategies_OlderNodeStartsAfterANewerOne_DoesNotOverwriteThemUntilItIsReloadedToANewerVersion()
    {
        var tenant = TestTenant.New();
        var keys = new Routing.Redis.RoutingKeys(tenant);
        var db = redis.Connection.GetDatabase();
        await using var newer = await RoutingServerHost.StartAsync(redis.ConnectionString,
            DeskTestKit.FastEngine(("Routing:Tenants:0", tenant), ("Routing:ConfigurationVersion", "5"), ("Engine:QueueStrategies:general", "most_skilled")), tenant, "node-new");
        await Eventually.TrueAsync(async () => (string?)await db.HashGetAsync(keys.QueueStrategies, "general") == "most_skilled");

        var logs = new LogCapture();
        await using var older = await RoutingServerHost.StartAsync(redis.ConnectionString,
            DeskTestKit.FastEngine(("Routing:Tenants:0", tenant), ("Routing:ConfigurationVersion", "4"), ("Engine:QueueStrategies:general", "round_robin")), tenant, "node-old", logs);
        await SubmitAsync(older, "chat", "on-old", "visitor-1");
        await Eventually.TrueAsync(() => Task.FromResult(logs.Entries.Any(e => e.EventId.Id == 9103)));
        Assert.Equal("most_skilled", (string?)await db.HashGetAsync(keys.QueueStrategies, "general"));

        older.Reconfigure(("Routing:ConfigurationVersion", "6"));

        await Eventually.TrueAsync(async () => (string?)await db.HashGetAsync(keys.QueueStrategies, "general") == "round_robin");
        Assert.Equal(6, (long)await db.StringGetAsync(keys.QueueStrategiesVersion));
    }

    private static async Task<List<NodeConfiguration>> EventuallyNodesAsync(RoutingServerHost host, Func<List<NodeConfiguration>, bool> condition)
    {
        List<NodeConfiguration> nodes = [];
        await Eventually.TrueAsync(async () =>
        {
            nodes = [.. (await ListNodesAsync(host)).Nodes];
            return condition(nodes);
        }, TestTimeout.Long, "ListNodes did not show the expected nodes");
        return nodes;
    }

    private static Task<ListNodesResponse> ListNodesAsync(RoutingServerHost host) =>
        new Protos.V1.Supervisor.SupervisorClient(host.Channel).ListNodesAsync(new ListNodesRequest()).ResponseAsync.WaitAsync(TestTimeout.Short);

    private static async Task<ContactReceipt> SubmitAsync(RoutingServerHost host, string channel, string externalId, string from, string intent = "")
    {
        var client = new ContactIngest.ContactIngestClient(host.Channel);
        var request = new SubmitRequest { Contact = new InboundContact { Channel = channel, ExternalId = externalId, From = from, Text = "hello", Intent = intent } };
        var response = await client.SubmitAsync(request, deadline: DateTime.UtcNow.Add(TestTimeout.Short)).ResponseAsync.WaitAsync(TestTimeout.Short);
        return response.Receipt;
    }
}
