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

    /// <summary>
    /// A script's KEYS (Scripts/includes/keys.lua): the fence, the script's own keys at the positions
    /// its header lists, then the tenant's fixed keys it uses (read in Lua by name, not position).
    /// </summary>
    public static RedisKey[] Keys(RoutingKeys keys, ReadOnlySpan<RedisKey> own, params ReadOnlySpan<RedisKey> fixedKeys)
    {
        var all = new RedisKey[1 + own.Length + fixedKeys.Length];
        all[0] = keys.Fence;
        own.CopyTo(all.AsSpan(1));
        fixedKeys.CopyTo(all.AsSpan(1 + own.Length));
        return all;
    }
}
