using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>publish_strategies.lua's KEYS, ARGV and reply.</summary>
internal static class PublishStrategiesScript
{
    public static RedisKey[] Keys(string tenant)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [], keys.QueueStrategies, keys.QueueStrategiesVersion);
    }

    public static RedisValue[] Args(long version, IReadOnlyDictionary<string, string> strategies)
    {
        var args = new List<RedisValue>(1 + (strategies.Count * 2)) { version };
        foreach (var (queue, strategy) in strategies.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            args.Add(queue);
            args.Add(strategy);
        }

        return [.. args];
    }

    /// <summary>{ published, version held before }.</summary>
    public static StrategiesPublished Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new StrategiesPublished((long)reply[0] == 1, (long)reply[1]);
    }
}
