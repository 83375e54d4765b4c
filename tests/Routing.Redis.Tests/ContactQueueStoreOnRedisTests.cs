using Routing.Testing;

namespace Routing.Redis.Tests;

/// <summary>The store contract on a real Debian redis-server (the production target).</summary>
public sealed class ContactQueueStoreOnRedisTests(RedisServerFixture redis)
    : ContactQueueStoreContract(redis.Connection), IClassFixture<RedisServerFixture>;
