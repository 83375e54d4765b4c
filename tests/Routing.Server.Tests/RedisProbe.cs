using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>Reads Redis directly, to check what the server wrote (tests only: it scans).</summary>
internal static class RedisProbe
{
    public static async Task<List<string>> KeysAsync(IConnectionMultiplexer redis, string tenant)
    {
        var keys = new List<string>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: $"routing:{{{tenant}}}:*", pageSize: 1000))
        {
            keys.Add(key!);
        }

        return keys;
    }
}
