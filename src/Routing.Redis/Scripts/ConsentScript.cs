using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>consent_update.lua's and consent_confirm.lua's KEYS and ARGV (both reply 1 or 0).</summary>
internal static class ConsentScript
{
    public static RedisKey[] Keys(string tenant, string customerId)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [keys.ConsentOverrides(customerId)], keys.ConsentWriteBack);
    }

    public static RedisValue[] UpdateArgs(ConsentOverride change, DateTimeOffset now) =>
        [ScriptArgs.Ms(now), change.CustomerId, change.Channel, change.OptedIn ? 1 : 0, ScriptArgs.Ms(change.ChangedAt)];

    public static RedisValue[] ConfirmArgs(ConsentOverride change) =>
        [change.CustomerId, change.Channel, ConsentOverride.Encode(change.OptedIn, change.ChangedAt)];
}
