using Routing.Testing;

namespace Routing.Redis.Tests;

/// <summary>The store contract on a three-primary Redis Cluster (production at scale): each test's tenant lands on some shard.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ContactQueueStoreOnClusterTests(RedisClusterFixture cluster)
    : ContactQueueStoreContract(cluster.Connection);
