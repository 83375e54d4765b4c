using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Many tenants per node on a real three-primary Redis Cluster: the tenants live on different shards,
/// the registry on whichever shard owns its key, and the node channels are cluster-wide pub/sub.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class MultiTenantClusterTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task TwoNodes_TenantsOnDifferentShards_EachTenantsOffersCrossNodesToItsOwnAgentOnly()
    {
        var cluster = fixture.Cluster;
        var a = TestTenant.New();
        var ownerOfA = await cluster.OwnerAsync(new RoutingKeys(a).Fence);
        string b;
        do
        {
            b = TestTenant.New();
        }
        while ((await cluster.OwnerAsync(new RoutingKeys(b).Fence)).Id == ownerOfA.Id);

        // No offer resync within the test: an offer reaches its desk over pub/sub or not at all.
        var settings = DeskTestKit.FastEngine(("Engine:OfferResyncInterval", "00:05:00"));
        await using var nodeA = await MultiTenantTests.StartAsync(cluster.ConnectionString, settings, "cluster-node-a", a, b);
        await using var nodeB = await MultiTenantTests.StartAsync(cluster.ConnectionString, settings, "cluster-node-b", a, b);
        using var gatewayA = TenantCaller.ChannelFor(nodeA.Address, a);
        using var gatewayB = TenantCaller.ChannelFor(nodeA.Address, b);
        using var desksA = TenantCaller.ChannelFor(nodeB.Address, a);
        using var desksB = TenantCaller.ChannelFor(nodeB.Address, b);
        await using var adaA = await DeskClient.ConnectAsync(desksA, "ada");
        await using var adaB = await DeskClient.ConnectAsync(desksB, "ada");

        // Submitted to node A, offered to agents on node B: the wake-up crosses nodes on node B's one channel.
        var receiptA = await MultiTenantTests.SubmitAsync(gatewayA, DeskTestKit.NewCustomer("chat"));
        var receiptB = await MultiTenantTests.SubmitAsync(gatewayB, DeskTestKit.NewCustomer("chat"));

        Assert.Equal(receiptA.ContactId, (await adaA.NextOfferAsync()).Contact.ContactId);
        Assert.Equal(receiptB.ContactId, (await adaB.NextOfferAsync()).Contact.ContactId);
        Assert.True(await adaA.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)), "A's ada was offered B's contact");
        Assert.True(await adaB.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)), "B's ada was offered A's contact");
        var registered = await fixture.Connection.GetDatabase().SetMembersAsync(RoutingKeys.TenantRegistry);
        Assert.Contains(a, registered.Select(m => (string?)m));
        Assert.Contains(b, registered.Select(m => (string?)m));
    }
}
