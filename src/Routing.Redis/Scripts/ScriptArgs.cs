using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>The ARGV every engine script starts with (Scripts/includes/context.lua): now (ms), node, settings.</summary>
internal static class ScriptArgs
{
    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static RedisValue[] Engine(DateTimeOffset now, string node, string settings, params ReadOnlySpan<RedisValue> rest)
    {
        var args = new RedisValue[3 + rest.Length];
        args[0] = Ms(now);
        args[1] = node;
        args[2] = settings;
        rest.CopyTo(args.AsSpan(3));
        return args;
    }

    public static RedisKey[] Keys(RoutingKeys keys, params ReadOnlySpan<RedisKey> own)
    {
        var head = keys.ScriptHead();
        var all = new RedisKey[head.Length + own.Length];
        head.CopyTo(all, 0);
        own.CopyTo(all.AsSpan(head.Length));
        return all;
    }
}
