using Xunit;

namespace Routing.Testing;

/// <summary>
/// The test classes that run on the shared <see cref="RedisClusterFixture"/>. A collection
/// definition is only seen in the assembly that declares it, so each test project derives its own
/// (with [CollectionDefinition(Name)]) from this one.
/// </summary>
public abstract class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "Redis Cluster";
}
