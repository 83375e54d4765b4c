using System.Net;
using Routing.Testing;

namespace Routing.Redis.Tests;

/// <summary>Tenants scale out by hash tag: different tenants live on different shards, and each one works there.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterShardingTests(RedisClusterFixture fixture)
{
    private readonly RedisCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task TestTenants_SpreadOverShards_EachRunsItsWholeFlowOnItsOwnNode()
    {
        // Twelve fresh tenants all on one of three shards would happen about once in 180,000 runs.
        var kits = Enumerable.Range(0, 12).Select(_ => new EngineTestKit(fixture.Connection)).ToList();
        var owners = new Dictionary<string, RedisClusterNode>();
        foreach (var kit in kits)
        {
            owners[kit.Tenant] = await _cluster.OwnerAsync(kit.Keys.Agents);
            Assert.Equal(await _cluster.SlotAsync(kit.Keys.Agents), await _cluster.SlotAsync(kit.Keys.Queue("general")));
        }

        Assert.True(owners.Values.Select(n => n.Id).Distinct().Count() >= 2,
            $"every test tenant landed on one node: {string.Join(", ", owners.Select(o => $"{o.Key}@{o.Value.EndPoint}"))}");

        foreach (var kit in kits)
        {
            await kit.ConnectAsync("a1", at: 0);
            var contact = await kit.SubmitAsync("chat", at: 1);
            await kit.AssignAsync("a1", contact, at: 2);
            Assert.True((await kit.CompleteAsync("a1", contact.ContactId, at: 3)).Ok);
            Assert.Equal(ContactStates.Completed, await kit.StateAsync(contact.ContactId));

            var owner = owners[kit.Tenant];
            foreach (var node in _cluster.Nodes)
            {
                var keys = await KeyCountAsync(node.EndPoint, kit.Keys.Prefix);
                Assert.True(node == owner ? keys > 0 : keys == 0, $"{keys} keys of {kit.Tenant} on {node.EndPoint}, whose slot is served by {owner.EndPoint}");
            }
        }
    }

    private async Task<int> KeyCountAsync(IPEndPoint node, string prefix)
    {
        var count = 0;
        await foreach (var _ in fixture.Connection.GetServer(node).KeysAsync(pattern: prefix + "*").WithCancellation(CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
