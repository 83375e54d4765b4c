using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Binds <see cref="RedisClusterCollection.Name"/> to the one shared cluster in this assembly.</summary>
[CollectionDefinition(RedisClusterCollection.Name)]
public sealed class RedisClusterCollectionDefinition : RedisClusterCollection;
