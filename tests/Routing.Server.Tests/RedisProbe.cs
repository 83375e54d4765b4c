using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>Reads Redis directly, to check what the server wrote (tests only: it scans).</summary>
internal static class RedisProbe
{
    /// <summary>The tenant's data keys (the node heartbeat set, which every node writes on its own, is left out).</summary>
    public static async Task<List<string>> KeysAsync(IConnectionMultiplexer redis, string tenant)
    {
        var keys = new List<string>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: $"routing:{{{tenant}}}:*", pageSize: 1000))
        {
            if (key != $"routing:{{{tenant}}}:nodes")
            {
                keys.Add(key!);
            }
        }

        return keys;
    }
}
