using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>Queue strategies guarded by configuration version, and the nodes' configuration entries, on every backend.</summary>
public abstract class NodeConfigurationContract(IConnectionMultiplexer redis)
{
    private readonly NodeConfigurationStore _store = new(redis);

    [Fact]
    public async Task PublishStrategiesAsync_OlderVersionAfterANewerOne_IsRefusedAndTheNewerStays()
    {
        var tenant = TestTenant.New();
        await _store.PublishStrategiesAsync(tenant, 5, new Dictionary<string, string> { ["general"] = "most_skilled" }).WaitAsync(TestTimeout.Short);

        var older = await _store.PublishStrategiesAsync(tenant, 4, new Dictionary<string, string> { ["general"] = "round_robin", ["vip"] = "least_occupied" }).WaitAsync(TestTimeout.Short);

        Assert.Equal(new StrategiesPublished(false, 5), older);
        Assert.Equal([new HashEntry("general", "most_skilled")], await redis.GetDatabase().HashGetAllAsync(new RoutingKeys(tenant).QueueStrategies).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task PublishStrategiesAsync_NewerVersion_ReplacesTheWholeHash()
    {
        var tenant = TestTenant.New();
        await _store.PublishStrategiesAsync(tenant, 1, new Dictionary<string, string> { ["general"] = "most_skilled", ["vip"] = "round_robin" }).WaitAsync(TestTimeout.Short);

        var newer = await _store.PublishStrategiesAsync(tenant, 2, new Dictionary<string, string> { ["vip"] = "least_occupied" }).WaitAsync(TestTimeout.Short);

        Assert.Equal(new StrategiesPublished(true, 1), newer);
        Assert.Equal([new HashEntry("vip", "least_occupied")], await redis.GetDatabase().HashGetAllAsync(new RoutingKeys(tenant).QueueStrategies).WaitAsync(TestTimeout.Short));
        Assert.Equal(2, (long)await redis.GetDatabase().StringGetAsync(new RoutingKeys(tenant).QueueStrategiesVersion).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task PublishStrategiesAsync_SameVersion_AddsToTheHash()
    {
        var tenant = TestTenant.New();
        await _store.PublishStrategiesAsync(tenant, 3, new Dictionary<string, string> { ["general"] = "most_skilled" }).WaitAsync(TestTimeout.Short);

        var same = await _store.PublishStrategiesAsync(tenant, 3, new Dictionary<string, string> { ["vip"] = "round_robin" }).WaitAsync(TestTimeout.Short);

        Assert.True(same.Published);
        Assert.Equal(2, await redis.GetDatabase().HashLengthAsync(new RoutingKeys(tenant).QueueStrategies).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task ReadAsync_TwoNodesOneDeclaredDead_ListsBothWithTheLiveOnesHeartbeat()
    {
        var tenant = TestTenant.New();
        var at = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        await redis.GetDatabase().SortedSetAddAsync(new RoutingKeys(tenant).Nodes, "n1", at.ToUnixTimeMilliseconds()).WaitAsync(TestTimeout.Short);
        await _store.WriteAsync(tenant, new NodeConfigurationRecord("n1", 7, "abc123", 2, at.AddMinutes(-1), at)).WaitAsync(TestTimeout.Short);
        await _store.WriteAsync(tenant, new NodeConfigurationRecord("n2", 6, "def456", 0, at.AddMinutes(-2), at)).WaitAsync(TestTimeout.Short);

        var nodes = await _store.ReadAsync(tenant).WaitAsync(TestTimeout.Short);

        Assert.Equal(
            [new NodeConfigurationRecord("n1", 7, "abc123", 2, at.AddMinutes(-1), at) { LastHeartbeat = at }, new NodeConfigurationRecord("n2", 6, "def456", 0, at.AddMinutes(-2), at)],
            nodes);
    }

    [Fact]
    public async Task ForgetSilentAsync_NodeSilentSinceBeforeTheCutOff_IsDroppedAndTheOthersStay()
    {
        var tenant = TestTenant.New();
        var at = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        await _store.WriteAsync(tenant, new NodeConfigurationRecord("gone", 1, "abc123", 0, at.AddDays(-3), at.AddDays(-2))).WaitAsync(TestTimeout.Short);
        await _store.WriteAsync(tenant, new NodeConfigurationRecord("live", 1, "abc123", 0, at.AddDays(-3), at)).WaitAsync(TestTimeout.Short);

        var forgotten = await _store.ForgetSilentAsync(tenant, at.AddDays(-1)).WaitAsync(TestTimeout.Short);

        Assert.Equal(1, forgotten);
        Assert.Equal(["live"], (await _store.ReadAsync(tenant).WaitAsync(TestTimeout.Short)).Select(n => n.Node));
    }
}

public sealed class NodeConfigurationOnRedisTests(RedisServerFixture redis)
    : NodeConfigurationContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class NodeConfigurationOnGarnetTests(GarnetFixture garnet)
    : NodeConfigurationContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class NodeConfigurationOnClusterTests(RedisClusterFixture cluster)
    : NodeConfigurationContract(cluster.Connection);
