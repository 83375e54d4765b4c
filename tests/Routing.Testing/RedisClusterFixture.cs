using StackExchange.Redis;
using Xunit;

namespace Routing.Testing;

/// <summary>
/// One three-primary Redis Cluster shared by every test class in <see cref="RedisClusterCollection"/>;
/// tests isolate themselves by tenant, and tenants spread over the shards by their hash tag.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisCluster? _cluster;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The Redis cluster is not started.");

    public IConnectionMultiplexer Connection => Cluster.Connection;

    public async Task InitializeAsync() => _cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
